"""The DM a report gets when their manager nudges them."""

from __future__ import annotations

from bot.blocks.ids import Home as HomeIds
from bot.blocks.nudge import nudge_message
from tests.support.fakeslack.blockkit import check_message_blocks


def test_the_nudge_names_the_manager_and_offers_to_prepare() -> None:
    text, blocks = nudge_message(manager_user_id="U0MGR")
    assert check_message_blocks(blocks) == []
    assert text.startswith("<@U0MGR> would like to have a career conversation with you soon.")
    assert blocks[0]["text"]["text"] == text
    (button,) = blocks[1]["elements"]
    assert (button["action_id"], button["style"]) == (HomeIds.OPEN_PREP, "primary")
    assert blocks[2]["elements"][0]["text"] == "Or type `/career-prep` any time."
