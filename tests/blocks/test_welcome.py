"""First use: the Home tab's how-it-works and first steps, and the welcome DM."""

from __future__ import annotations

import json

from bot.blocks.command_words import BY_WORD
from bot.blocks.ids import Block as BlockId
from bot.blocks.ids import Home as Ids
from bot.blocks.welcome import FIRST_STEPS, WELCOME_TEXT, first_steps, welcome_message
from tests.support.fakeslack.blockkit import check_message_blocks, check_view


def test_first_steps_explain_and_offer_prep_guide_goals_skills_history_and_help() -> None:
    blocks = first_steps()
    assert check_view({"type": "home", "blocks": blocks}) == []
    assert blocks[0]["block_id"] == BlockId.HOME_START
    assert blocks[0]["text"]["text"].startswith("*How it works*")
    buttons = blocks[1]["elements"]
    assert [b["action_id"] for b in buttons] == [
        Ids.OPEN_PREP,
        Ids.OPEN_GUIDE,
        Ids.OPEN_GOALS,
        Ids.OPEN_SKILLS,
        Ids.OPEN_HISTORY,
        Ids.OPEN_HELP,
    ]
    assert [b.get("style") for b in buttons] == ["primary"] + [None] * 5
    # Each is a word `/career-prep` knows and has built.
    words = [str(action).removeprefix("home_open_") for _, action in FIRST_STEPS]
    assert all(BY_WORD[word].available for word in words)


def test_the_welcome_dm_is_valid_says_how_it_works_and_where_to_start() -> None:
    text, blocks = welcome_message()
    assert text == WELCOME_TEXT
    assert check_message_blocks(blocks) == []
    said = json.dumps(blocks)
    assert "*How it works*" in said and "/career-prep help" in said and "*Home* tab" in said
    assert "<!" not in said and "<@" not in said  # pings nobody, names nobody
