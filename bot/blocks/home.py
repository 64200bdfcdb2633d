"""The App Home tab."""

from __future__ import annotations

from typing import Any

from bot.blocks.help import INTRO, command_list
from bot.blocks.ids import Block as BlockId
from bot.blocks.text import context, divider, header, section

WELCOME = "Welcome to Career Conversations"
DASHBOARD_SOON = (
    "Your dashboard — goals, skill trends, open action items and your next conversation — "
    "is coming soon. Until then, here is what I can do:"
)


def home_view() -> dict[str, Any]:
    """The Home tab shown to everyone while the dashboard is being built."""
    return {
        "type": "home",
        "blocks": [
            header(WELCOME),
            section(INTRO, block_id=BlockId.HOME_INTRO),
            divider(),
            section(DASHBOARD_SOON),
            section(command_list()),
            context("Only you see this page."),
        ],
    }
