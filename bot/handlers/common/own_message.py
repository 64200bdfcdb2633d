"""Whether a message a click names is one the bot sent the clicker.

A click's `container` (and a message ts kept in private_metadata) is data: anyone holding the
signing secret can name any message of the bot there, and chat.update would rewrite it. So
before updating, the message is checked: with the history check on (SLACK_HISTORY_CHECK, the
`*:history` scopes) it is read back from the clicker's own DM with the bot; off, the outbox's
record of what it sent the clicker, and where Slack put it, answers without reading Slack.
"""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient
from sqlmodel import Session

from bot.deps import deps_of
from bot.handlers.common.acting import unit
from bot.handlers.common.routing import load_actor
from bot.outbox.sent import sent_payload


def slack_id(value: object) -> bool:
    """A channel id or message ts as Slack writes them (ASCII letters, digits, one dot)."""
    return (
        isinstance(value, str)
        and 0 < len(value) <= 32
        and value.isascii()
        and value.replace(".", "", 1).isalnum()
    )


def container_of(body: dict[str, Any]) -> tuple[str, str] | None:
    """The (channel, ts) of the message a button was clicked in, when it looks like one."""
    container = body.get("container") or {}
    channel, ts = container.get("channel_id"), container.get("message_ts")
    if not slack_id(channel) or not slack_id(ts):
        return None
    return str(channel), str(ts)


def dm_channel(client: WebClient, user_id: str) -> str:
    """The id of the bot's DM with a user (opening it is idempotent)."""
    return str(client.conversations_open(users=user_id)["channel"]["id"])


def bot_message_in_dm(
    client: WebClient,
    context: Any,
    *,
    user_id: str,
    channel: str,
    ts: str,
    block_id: str,
    value: str | None = None,
) -> bool:
    """Whether (channel, ts) is in the bot's DM with `user_id` and is the bot's message there
    with the actions block `block_id` (and a button of `value` in it, if given): one of the
    messages of that kind the bot sent this person."""
    if not slack_id(channel) or not slack_id(ts):
        return False
    if not deps_of(context).settings.history_check:
        return _sent_to(
            context, user_id=user_id, channel=channel, ts=ts, block_id=block_id, value=value
        )
    if channel != dm_channel(client, user_id):
        return False
    page = client.conversations_history(
        channel=channel, oldest=ts, latest=ts, inclusive=True, limit=1
    )
    for message in page.get("messages") or []:
        if message.get("ts") == ts and message.get("bot_id"):
            return _has_actions(message, block_id, value)
    return False


def _sent_to(
    context: Any, *, user_id: str, channel: str, ts: str, block_id: str, value: str | None
) -> bool:
    """Whether the outbox sent `user_id` the message Slack holds as (channel, ts), with the
    actions block: sent to the clicker, it is in their DM with the bot."""

    def payload(session: Session) -> dict[str, Any] | None:
        workspace_id = load_actor(session, context).workspace_id
        return sent_payload(
            session, workspace_id=workspace_id, recipient=user_id, channel=channel, ts=ts
        )

    sent = unit(context, payload, read_only=True)
    return sent is not None and _has_actions(sent, block_id, value)


def _has_actions(message: dict[str, Any], block_id: str, value: str | None) -> bool:
    return any(
        block.get("block_id") == block_id and (value is None or value in _values(block))
        for block in message.get("blocks") or []
        if block.get("type") == "actions"
    )


def _values(block: dict[str, Any]) -> set[str]:
    return {str(element.get("value")) for element in block.get("elements") or []}
