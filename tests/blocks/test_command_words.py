"""The words `/career-prep` understands: parsing and the list the help shows."""

from __future__ import annotations

import pytest

from bot.blocks.command_words import BY_WORD, COMMAND, DEFAULT_WORD, SUBCOMMANDS, parse


@pytest.mark.parametrize(
    ("text", "word", "known"),
    [("", "prep", True), ("  HELP  me", "help", True), ("dance", "dance", False)],
)
def test_parse_takes_the_first_word(text: str, word: str, known: bool) -> None:
    parsed_word, sub = parse(text)
    assert parsed_word == word
    assert (sub is not None) == known


def test_nul_is_ignored_and_an_empty_command_means_prep() -> None:
    assert parse("\x00go\x00als") == ("goals", BY_WORD["goals"])
    assert parse("\x00 \x00") == (DEFAULT_WORD, BY_WORD["prep"])


def test_every_word_is_lower_case_unique_and_listed_by_word() -> None:
    words = [sub.word for sub in SUBCOMMANDS]
    assert len(words) == len(set(words)) == len(BY_WORD)
    assert all(word == word.lower() and " " not in word for word in words)
    assert set(BY_WORD) == set(words)
    assert COMMAND == "/career-prep"
