"""Every action, callback and block id the bot uses, so listeners and builders agree."""

from __future__ import annotations

from enum import StrEnum


class Action(StrEnum):
    OPEN_HELP = "open_help"


class Block(StrEnum):
    HELP_INTRO = "help_intro"
    HELP_COMMANDS = "help_commands"
    HOME_INTRO = "home_intro"
