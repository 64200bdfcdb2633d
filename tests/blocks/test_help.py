"""The help message and the answer to words the bot does not know or has not built."""

from __future__ import annotations

from bot.blocks.command_words import SUBCOMMANDS, Subcommand
from bot.blocks.help import NOT_YET, command_list, help_message, help_modal, unavailable_message
from bot.blocks.ids import Block as BlockId
from bot.blocks.ids import Home as HomeIds
from tests.support.fakeslack.blockkit import check_message_blocks, check_view


def test_help_is_valid_and_lists_every_subcommand() -> None:
    text, blocks = help_message()
    assert text
    assert check_message_blocks(blocks) == []
    listed = str(blocks)
    assert all(f"/career-prep {sub.word}`" in listed for sub in SUBCOMMANDS)


def test_help_has_its_block_ids_and_no_unknown_word_line() -> None:
    text, blocks = help_message()
    assert text == "/career-prep — what I can do"
    assert [b.get("block_id") for b in blocks[:2]] == [BlockId.HELP_INTRO, BlockId.HELP_COMMANDS]
    assert "I don't know" not in str(blocks)


def test_the_home_tabs_help_is_the_same_words_in_a_modal() -> None:
    view = help_modal()
    assert check_view(view) == []
    assert view["callback_id"] == HomeIds.HELP_MODAL and "submit" not in view
    assert view["blocks"] == help_message()[1]


def test_an_unknown_word_is_escaped_and_cut_short() -> None:
    _, blocks = help_message(unknown_word="<@U123>" + "x" * 5000)
    assert check_message_blocks(blocks) == []
    first = blocks[0]["text"]["text"]
    assert "&lt;@U123&gt;" in first and "<@U123>" not in first
    assert len(first) < 200


def test_unavailable_features_say_so() -> None:
    # Every word works today; a word added before its feature is built must still say so.
    upcoming = Subcommand("teleport", "a feature still being built", False)
    text, blocks = unavailable_message(upcoming)
    assert "`/career-prep teleport` is not available yet" in text
    assert check_message_blocks(blocks) == []
    assert blocks[1]["block_id"] == BlockId.HELP_COMMANDS


def test_the_command_list_has_one_line_per_word_and_marks_none_as_coming() -> None:
    lines = command_list().split("\n")
    assert len(lines) == len(SUBCOMMANDS)
    assert lines[0] == f"`/career-prep {SUBCOMMANDS[0].word}` — {SUBCOMMANDS[0].summary}"
    assert NOT_YET not in command_list()  # every word is built today
