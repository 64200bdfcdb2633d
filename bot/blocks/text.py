"""Plain-dict Block Kit helpers, the one escape for anything a person typed and the dates
(both from `bot.mrkdwn`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.mrkdwn import english_day, local_day
from bot.mrkdwn import escape as escape  # builders take it from here with the rest

Block = dict[str, Any]


def mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}


def section(text: str, *, block_id: str | None = None) -> Block:
    block: Block = {"type": "section", "text": mrkdwn(text)}
    if block_id:
        block["block_id"] = block_id
    return block


def header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": text, "emoji": True}}


def context(text: str) -> Block:
    return {"type": "context", "elements": [mrkdwn(text)]}


def divider() -> Block:
    return {"type": "divider"}


def button(
    text: str, action_id: str, *, value: str | None = None, style: str | None = None
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "button",
        "text": {"type": "plain_text", "text": text, "emoji": True},
        "action_id": action_id,
    }
    if value is not None:
        element["value"] = value
    if style:
        element["style"] = style
    return element


def day(value: date) -> str:
    """A date in mrkdwn text (sections, context, message text): shown in the reader's locale,
    `3 Mar 2025` where Slack cannot format it."""
    return local_day(value)


def plain_day(value: date) -> str:
    """A date in a plain_text field (header, button, option, hint, title), where a date token
    would show raw: `3 Mar 2025`."""
    return english_day(value)
