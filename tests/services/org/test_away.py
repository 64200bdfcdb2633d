"""The away rule: a status's emoji, its words (the workspace's, whole words, any case) or an
expiry in the future; and the words an admin types, read or refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.services.org.away import DEFAULT_WORDS, MAX_WORDS, Away, judge, read_words

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
LATER = int((NOW + timedelta(days=3)).timestamp())
EARLIER = int((NOW - timedelta(minutes=1)).timestamp())


def _judge(emoji: str = "", text: str = "", expiration: int = 0, words=DEFAULT_WORDS) -> Away:
    return judge(emoji=emoji, text=text, expiration=expiration, words=words, now=NOW)


@pytest.mark.parametrize(
    "emoji", [":palm_tree:", ":face_with_thermometer:", ":airplane:", ":PALM_TREE:", " :airplane: "]
)
def test_an_away_emoji_is_away_with_no_end(emoji: str) -> None:
    assert _judge(emoji=emoji) == Away(True, None)


@pytest.mark.parametrize("emoji", ["", ":spiral_calendar_pad:", ":house_with_garden:", "palm_tree"])
def test_other_emoji_are_not_away(emoji: str) -> None:
    assert _judge(emoji=emoji) == Away(False)


@pytest.mark.parametrize(
    "text",
    [
        "On vacation",
        "VACATION",
        "ooo until Monday",
        "OOO",
        "Out  of\toffice",  # however spaced
        "Out of Office - back 2 Dec",
        "on leave",
        "Parental leave.",
        "Bank holiday",
        "(holidays)",
        "vacationing",
    ],
)
def test_status_text_with_an_away_word_is_away(text: str) -> None:
    assert _judge(text=text) == Away(True, None)


@pytest.mark.parametrize(
    "text",
    [
        "leaves early today",  # whole words only: "leave" is not "leaves"
        "Sleeve design review",
        "Woooo shipped it",
        "Holidayinn offsite planning",
        "In a meeting",
        "",
    ],
)
def test_text_that_only_contains_the_letters_of_an_away_word_is_not_away(text: str) -> None:
    assert _judge(text=text) == Away(False)


def test_an_expiry_in_the_future_is_away_until_then_whatever_the_status_says() -> None:
    until = datetime.fromtimestamp(LATER, UTC)
    assert _judge(text="Focus time", expiration=LATER) == Away(True, until)
    assert _judge(emoji=":palm_tree:", expiration=LATER) == Away(True, until)


def test_a_status_that_has_expired_is_not_away_even_with_a_palm_tree() -> None:
    assert _judge(emoji=":palm_tree:", text="vacation", expiration=EARLIER) == Away(False)


def test_the_workspaces_own_words_replace_the_defaults() -> None:
    words = ("Sabbatical", "parental leave")
    assert _judge(text="on sabbatical", words=words).away
    assert _judge(text="Parental   LEAVE", words=words).away
    assert not _judge(text="on vacation", words=words).away
    assert not _judge(text="leave", words=words).away  # only the phrase
    assert not _judge(text="on vacation", words=()).away
    assert _judge(emoji=":palm_tree:", words=()).away


def test_words_with_regex_characters_match_literally() -> None:
    assert _judge(text="a.k.a. off", words=("a.k.a.",)).away
    assert not _judge(text="axkxax off", words=("a.k.a",)).away


def test_typed_words_are_split_trimmed_and_kept_once() -> None:
    assert read_words(" OOO,  out   of office\nooo ,,\n") == ("OOO", "out of office")
    assert read_words("") == () and read_words(None) == ()
    assert read_words("Congé, día libre, don't-disturb") == ("Congé", "día libre", "don't-disturb")


@pytest.mark.parametrize(
    "typed",
    [
        "x" * 41,
        "<!here>",
        "vacation; holiday",
        "*bold*",
        ", ".join(f"w{n}" for n in range(MAX_WORDS + 1)),
    ],
)
def test_bad_typed_words_are_refused(typed: str) -> None:
    assert read_words(typed) is None


def test_max_words_and_the_longest_word_are_accepted() -> None:
    assert read_words(", ".join(f"w{n}" for n in range(MAX_WORDS))) is not None
    assert read_words("x" * 40) == ("x" * 40,)
