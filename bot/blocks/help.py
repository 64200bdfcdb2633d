"""The `/career-prep help` message, also the answer to words the bot does not know."""

from __future__ import annotations

from typing import Any

from bot.blocks.command_words import COMMAND, SUBCOMMANDS, Subcommand
from bot.blocks.ids import Block as BlockId
from bot.blocks.ids import Home as HomeIds
from bot.blocks.inputs import modal
from bot.blocks.text import Block, context, escape, section

INTRO = (
    "*Career conversations, made to happen.* Prepare with me, hold the conversation with "
    "your manager or a mentor, and I'll keep track of goals, skills and next steps for both "
    "of you."
)
NOT_YET = "_coming soon_"
UNKNOWN = "I don't know `{word}` yet. Here is what I can do:"
UNAVAILABLE = (
    "`{command} {word}` is not available yet: it is still being built. Here is what works today:"
)


def help_message(*, unknown_word: str | None = None) -> tuple[str, list[Block]]:
    """Fallback text and blocks for the help message."""
    blocks: list[Block] = []
    if unknown_word is not None:
        word = escape(unknown_word[:40])
        blocks.append(section(UNKNOWN.format(word=word)))
    blocks.append(section(INTRO, block_id=BlockId.HELP_INTRO))
    blocks.append(section(command_list(), block_id=BlockId.HELP_COMMANDS))
    blocks.append(context(f"Type `{COMMAND}` with no word to start preparing."))
    return f"{COMMAND} — what I can do", blocks


def help_modal() -> dict[str, Any]:
    """The help message as a modal, for the Home tab's Help button (no channel to answer in)."""
    _, blocks = help_message()
    return modal(
        title="What I can do",
        callback_id=HomeIds.HELP_MODAL,
        blocks=blocks,
        submit=None,
        close="Done",
    )


def unavailable_message(sub: Subcommand) -> tuple[str, list[Block]]:
    """Said instead of pretending a feature that is not built yet works."""
    text = UNAVAILABLE.format(command=COMMAND, word=sub.word)
    return text, [section(text), section(command_list(), block_id=BlockId.HELP_COMMANDS)]


def command_list() -> str:
    return "\n".join(
        f"`{COMMAND} {sub.word}` — {sub.summary}" + ("" if sub.available else f" {NOT_YET}")
        for sub in SUBCOMMANDS
    )
