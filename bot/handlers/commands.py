"""`/career-prep` and its words."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.blocks.command_words import COMMAND, parse
from bot.blocks.help import help_message, help_modal, unavailable_message
from bot.blocks.ids import Home as HomeIds


def register(app: App) -> None:
    app.command(COMMAND)(career_prep)
    app.action(HomeIds.OPEN_HELP)(help_from_home)


def career_prep(ack: Ack, command: dict[str, Any]) -> None:
    word, sub = parse(command.get("text") or "")
    if sub is None:
        text, blocks = help_message(unknown_word=word)
    elif not sub.available:
        text, blocks = unavailable_message(sub)
    else:
        text, blocks = help_message()
    # Answering in the ack keeps the reply ephemeral and inside Slack's 3 seconds.
    ack(text=text, blocks=blocks, response_type="ephemeral")


def help_from_home(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    """The Home tab's Help button: the same words in a modal (the Home tab has no channel)."""
    ack()
    client.views_open(trigger_id=body["trigger_id"], view=help_modal())
