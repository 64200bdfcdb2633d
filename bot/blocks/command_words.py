"""The words `/career-prep` understands, what each does, and whether it works yet.

Like ids.py, shared by the listeners (handlers/commands.py parses with it) and the builders
(the help list), so it lives here: blocks may not import handlers.
"""

from __future__ import annotations

from dataclasses import dataclass

COMMAND = "/career-prep"


@dataclass(frozen=True)
class Subcommand:
    word: str
    summary: str
    available: bool


SUBCOMMANDS = (
    Subcommand("prep", "prepare for your next career conversation", True),
    Subcommand("guide", "the conversation guide with question prompts", True),
    Subcommand("goals", "capture and review your REAL goals", True),
    Subcommand("skills", "rate your skills and see the trend", True),
    Subcommand("log", "log a conversation and send the recap to both of you", True),
    Subcommand("history", "your past conversations with someone, newest first", True),
    Subcommand("settings", "your manager, mentors, cadence and pauses", True),
    Subcommand("admin", "workspace settings (workspace admins only)", True),
    Subcommand("export", "get your whole record as Markdown and JSON", True),
    Subcommand("delete", "erase your record", True),
    Subcommand("help", "this list", True),
)
BY_WORD = {sub.word: sub for sub in SUBCOMMANDS}
DEFAULT_WORD = "prep"


def parse(text: str) -> tuple[str, Subcommand | None]:
    """The first word of the command text (default `prep`) and its subcommand, if known."""
    words = text.replace("\x00", "").split()  # NUL is invisible junk, as in typed fields
    word = words[0].lower() if words else DEFAULT_WORD
    return word, BY_WORD.get(word)
