"""How the export words a record: nothing yet, ratings given alone, typed text as typed, values
as words."""

from __future__ import annotations

from bot.blocks.export import indented, markdown_of, shown
from tests.support.export_record import NOTHING_YET, RECORD


def test_an_empty_record_says_there_is_nothing_yet_and_lists_no_handovers() -> None:
    markdown = markdown_of(NOTHING_YET)
    assert markdown.startswith("# Career record of U0NEW\n\nExported 2025-03-04T09:30:00+00:00.\n")
    for part in ("prep", "goals", "skills", "conversations"):
        assert f"No {part} yet.\n" in markdown
    assert "- **Joined:** —\n" in markdown
    assert "Passed on" not in markdown and "Ratings I gave" not in markdown
    assert markdown.endswith("## Conversations\n\nNo conversations yet.\n")


def test_ratings_given_show_even_without_skills_of_ones_own() -> None:
    given = NOTHING_YET | {"ratings_given": RECORD["ratings_given"]}
    markdown = markdown_of(given)
    assert "No skills yet.\n\n### Ratings I gave others\n" in markdown
    assert "| 2025-02-02 | U0BOB | Go | 7 |\n" in markdown


def test_typed_text_is_written_as_typed() -> None:
    typed = "<!channel> & <@U0BOB> *bold* {{ x }} {% raw %}"
    record = RECORD | {"goals": [RECORD["goals"][0] | {"title": typed}]}
    assert f"### {typed}\n" in markdown_of(record)


def test_values_read_as_words() -> None:
    assert [shown(v) for v in (None, "", [], True, False, 0, ["a", 1])] == [
        "—",
        "—",
        "—",
        "yes",
        "no",
        "0",
        "a, 1",
    ]
    assert indented("one\n  two\n") == "  one\n    two"
