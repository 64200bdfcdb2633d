"""Long rendered mrkdwn split into sections that each fit Slack's 3000 characters."""

from __future__ import annotations

from bot.blocks.sections import SECTION_MAX, long_sections


def _texts(text: str) -> list[str]:
    return [b["text"]["text"] for b in long_sections(text)]


def test_short_text_is_one_section_and_blank_text_none() -> None:
    assert _texts("one\n\ntwo") == ["one\n\ntwo"]
    assert _texts("") == [] and _texts("\n\n  \n\n") == []


def test_paragraphs_fill_a_section_then_start_the_next() -> None:
    paragraph = "p" * 1400
    texts = _texts("\n\n".join([paragraph] * 3))
    assert texts == [paragraph + "\n\n" + paragraph, paragraph]


def test_a_long_line_is_cut_at_a_space_and_nothing_is_lost() -> None:
    words = " ".join(["word"] * 1500)  # 7499 characters, one line
    texts = _texts(words)
    assert all(len(t) <= SECTION_MAX for t in texts) and len(texts) == 3
    assert all(not t.startswith(" ") and not t.endswith(" wor") for t in texts)
    assert " ".join(" ".join(texts).split()) == words


def test_a_quote_stays_a_quote_when_cut() -> None:
    texts = _texts("> " + "q " * 2000)
    assert len(texts) > 1 and all(t.startswith(">") for t in texts)


def test_an_escape_is_never_cut_in_half() -> None:
    line = "x" * (SECTION_MAX - 2) + "&amp;" + "y" * 100  # no spaces at all
    first, second = _texts(line)
    assert first == "x" * (SECTION_MAX - 2) and second.startswith("&amp;")
