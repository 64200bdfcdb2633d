"""Every builder's output passes Slack's Block Kit rules as the fake checks them."""

import pytest

from bot.blocks.command_words import SUBCOMMANDS, Subcommand, parse
from bot.blocks.help import help_message, unavailable_message
from bot.blocks.text import escape
from tests.support.fakeslack.blockkit import check_message_blocks


def test_help_is_valid_and_lists_every_subcommand() -> None:
    text, blocks = help_message()
    assert text
    assert check_message_blocks(blocks) == []
    listed = str(blocks)
    assert all(f"/career-prep {sub.word}`" in listed for sub in SUBCOMMANDS)


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


def test_escape_neutralises_mentions_and_links() -> None:
    assert (
        escape("<!channel> & <https://evil|x>") == "&lt;!channel&gt; &amp; &lt;https://evil|x&gt;"
    )


@pytest.mark.parametrize(
    ("text", "word", "known"),
    [("", "prep", True), ("  HELP  me", "help", True), ("dance", "dance", False)],
)
def test_parse_takes_the_first_word(text: str, word: str, known: bool) -> None:
    parsed_word, sub = parse(text)
    assert parsed_word == word
    assert (sub is not None) == known
