"""First use: the "how it works" a new person's Home tab shows, with a button per first step,
and the one welcome DM sent when they first open the app's Messages tab."""

from __future__ import annotations

from bot.blocks.command_words import COMMAND
from bot.blocks.ids import Block as BlockId
from bot.blocks.ids import Home as Ids
from bot.blocks.text import Block, button, context, section

HOW_IT_WORKS = (
    "*How it works*\n"
    "1. *Prepare* in three short steps: where you are, where you'd like to grow, and who "
    "you're talking with. Your answers stay yours until you share them.\n"
    "2. *Talk* with your manager or a mentor; the *guide* has questions for each part.\n"
    "3. *Log it*: you both get the same recap, and I keep track of goals, skills and next "
    "steps between conversations."
)
START = "Start with any of these; each is also a word after `{command}`."
# (button text, action): what `/career-prep prep`, `guide`, `goals`, `skills`, `history`
# and `help` open, in that order.
FIRST_STEPS = (
    ("Prepare", Ids.OPEN_PREP),
    ("Guide", Ids.OPEN_GUIDE),
    ("Goals", Ids.OPEN_GOALS),
    ("Skills", Ids.OPEN_SKILLS),
    ("History", Ids.OPEN_HISTORY),
    ("Help", Ids.OPEN_HELP),
)
WELCOME_TEXT = "Welcome to career conversations"
WELCOME = (
    "*Welcome!* I help you prepare for career conversations with your manager or a mentor, "
    "and keep track of what you agree on. Nothing you write is shown to anyone unless you "
    "share it, and team digests only ever count."
)
WELCOME_NEXT = (
    "Your *Home* tab (above) shows where you are and a button for each first step. "
    "Or type `{command}` anywhere to prepare, or `{command} help` for everything I do."
)


def first_steps() -> list[Block]:
    """A new person's Home: how it works, and the buttons to begin."""
    buttons = [
        button(text, action, style="primary" if action == Ids.OPEN_PREP else None)
        for text, action in FIRST_STEPS
    ]
    return [
        section(HOW_IT_WORKS, block_id=BlockId.HOME_START),
        {"type": "actions", "elements": buttons},
        context(START.format(command=COMMAND)),
    ]


def welcome_message() -> tuple[str, list[Block]]:
    """The one DM someone gets the first time they open the Messages tab."""
    return WELCOME_TEXT, [
        section(WELCOME),
        section(HOW_IT_WORKS),
        context(WELCOME_NEXT.format(command=COMMAND)),
    ]
