"""The export's Markdown from a known record: every part, byte for byte, nothing escaped."""

from __future__ import annotations

from typing import Any

from bot.blocks.export import indented, markdown_of, shown

RECORD: dict[str, Any] = {
    "exported_at": "2025-03-04T09:30:00+00:00",
    "person": {
        "slack_user_id": "U0ADA",
        "email": "ada@example.com",
        "time_zone": "Europe/Berlin",
        "team": None,
        "manager": "U0MGR",
        "mentors": ["U0M1", "U0M2"],
        "mentoring": [],
        "cadence_days": 30,
        "paused_until": "",
        "snoozed_until": None,
        "joined_at": "2024-01-02T00:00:00",
    },
    "preps": [
        {
            "submitted_at": "2025-02-01T10:00:00",
            "updated_at": "2025-02-01T10:00:00",
            "partner": "U0MGR",
            "shared_with_partner": True,
            "answers": {
                "feeling": "Good\n  but tired\n",
                "direction": "expert",
                "odd_key": None,
                "learn": "",
            },
        },
        {
            "submitted_at": None,
            "updated_at": "2025-03-01T08:00:00",
            "partner": None,
            "shared_with_partner": False,
            "answers": {},
        },
    ],
    "goals": [
        {
            "title": "Run <the> review & *more*",
            "status": "active",
            "horizon": "short",
            "target_on": "2025-09-01",
            "skill": None,
            "relevant": "Because\nreasons",
            "experiment": "Try it",
            "aspiration": "",
            "learning": "x",
        }
    ],
    "skills": [
        {
            "name": "Facilitation",
            "ten_looks_like": "Calm rooms",
            "options": ["Course", "Shadow Bo"],
            "approach": "",
            "target_6m": 5,
            "target_12m": None,
            "target_18m": 9,
            "ratings": [
                {"rated_on": "2025-01-01", "rating": 4, "rated_by": "U0ADA"},
                {"rated_on": "2025-02-01", "rating": 6, "rated_by": "U0MGR"},
            ],
        },
        {
            "name": "Empty",
            "ten_looks_like": "",
            "options": [],
            "approach": "Read",
            "target_6m": None,
            "target_12m": None,
            "target_18m": None,
            "ratings": [],
        },
    ],
    "ratings_given": [{"rated_on": "2025-02-02", "person": "U0BOB", "skill": "Go", "rating": 7}],
    "conversations": [
        {
            "held_on": "2025-02-10",
            "partner": "U0MGR",
            "employee": "U0ADA",
            "role": "employee",
            "kind": "manager",
            "logged_by": "U0ADA",
            "follow_up": "one_on_ones",
            "next_on": None,
            "shared_notes": "We talked.\n\nA lot.",
            "my_private_note": None,
            "action_items": [
                {
                    "done_at": "2025-02-11",
                    "body": "Book <course>",
                    "owner": "U0ADA",
                    "due_on": "2025-03-01",
                },
                {"done_at": None, "body": "Ask", "owner": "U0MGR", "due_on": None},
            ],
        },
        {
            "held_on": "2025-01-10",
            "partner": "U0ADA",
            "employee": "U0BOB",
            "role": "partner",
            "kind": "peer",
            "logged_by": "U0BOB",
            "follow_up": "none",
            "next_on": "2025-04-01",
            "shared_notes": "",
            "my_private_note": "mine",
            "action_items": [],
        },
    ],
    "handovers": [
        {
            "new_manager": "U0NEW",
            "asked_at": "2025-02-20T09:00:00",
            "answered_at": "2025-02-21",
            "share_goals": True,
            "share_recap": False,
            "share_items": True,
        },
        {
            "new_manager": "U0N2",
            "asked_at": "2025-02-22T09:00:00",
            "answered_at": "2025-02-23",
            "share_goals": False,
            "share_recap": False,
            "share_items": False,
        },
        {
            "new_manager": "U0N3",
            "asked_at": "2025-02-24T09:00:00",
            "answered_at": None,
            "share_goals": True,
            "share_recap": True,
            "share_items": True,
        },
    ],
}

EXPECTED = (
    "\n".join(
        [
            "# Career record of U0ADA",
            "",
            "Exported 2025-03-04T09:30:00+00:00.",
            "",
            "## Settings",
            "",
            "- **Email:** ada@example.com",
            "- **Time zone:** Europe/Berlin",
            "- **Team:** —",
            "- **Manager:** U0MGR",
            "- **Mentors:** U0M1, U0M2",
            "- **Mentoring:** —",
            "- **Cadence (days):** 30",
            "- **Reminders paused until:** —",
            "- **Reminders snoozed until:** —",
            "- **Joined:** 2024-01-02T00:00:00",
            "",
            "## Prep",
            "",
            "### Sent 2025-02-01",
            "",
            "- **Partner:** U0MGR",
            "- **Shared with partner:** yes",
            "- **How I feel about my current role:**",
            "  Good",
            "    but tired",
            "- **Direction:**",
            "  expert",
            "- **odd_key:**",
            "  None",
            "",
            "### Draft, last saved 2025-03-01",
            "",
            "- **Partner:** —",
            "- **Shared with partner:** no",
            "",
            "## Goals",
            "",
            "### Run <the> review & *more*",
            "",
            "- **Status:** active",
            "- **Horizon:** short",
            "- **Target date:** 2025-09-01",
            "- **Skill:** —",
            "- **Relevant:**",
            "  Because",
            "  reasons",
            "- **Experiment:**",
            "  Try it",
            "- **Learning:**",
            "  x",
            "",
            "## Skills",
            "",
            "### Facilitation",
            "",
            "- **What a 10 looks like:**",
            "  Calm rooms",
            "- **Options to gain a point:**",
            "  - Course",
            "  - Shadow Bo",
            "- **Target in 6 months:** 5",
            "- **Target in 12 months:** —",
            "- **Target in 18 months:** 9",
            "",
            "| Day | Rating | By |",
            "| --- | --- | --- |",
            "| 2025-01-01 | 4 | U0ADA |",
            "| 2025-02-01 | 6 | U0MGR |",
            "",
            "### Empty",
            "",
            "- **Approach:**",
            "  Read",
            "- **Target in 6 months:** —",
            "- **Target in 12 months:** —",
            "- **Target in 18 months:** —",
            "",
            "| Day | Rating | By |",
            "| --- | --- | --- |",
            "",
            "### Ratings I gave others",
            "",
            "| Day | Person | Skill | Rating |",
            "| --- | --- | --- | --- |",
            "| 2025-02-02 | U0BOB | Go | 7 |",
            "",
            "## Conversations",
            "",
            "### 2025-02-10 with U0MGR (manager)",
            "",
            "- **My role:** employee",
            "- **Logged by:** U0ADA",
            "- **Follow-up:** one_on_ones",
            "- **Next conversation:** —",
            "- **Shared notes:**",
            "  We talked.",
            "  ",
            "  A lot.",
            "- [x] Book <course> — U0ADA (due 2025-03-01)",
            "- [ ] Ask — U0MGR",
            "",
            "### 2025-01-10 with U0BOB (peer)",
            "",
            "- **My role:** partner",
            "- **Logged by:** U0BOB",
            "- **Follow-up:** none",
            "- **Next conversation:** 2025-04-01",
            "- **My private note:**",
            "  mine",
            "",
            "## Passed on to a new manager",
            "",
            "- U0NEW (asked 2025-02-20): goals, items",
            "- U0N2 (asked 2025-02-22): nothing",
            "- U0N3 (asked 2025-02-24): not answered yet",
        ]
    )
    + "\n"
)

NOTHING_YET: dict[str, Any] = {
    "exported_at": "2025-03-04T09:30:00+00:00",
    "person": {key: None for key in RECORD["person"]} | {"slack_user_id": "U0NEW"},
    "preps": [],
    "goals": [],
    "skills": [],
    "ratings_given": [],
    "conversations": [],
    "handovers": [],
}


def test_a_known_record_renders_byte_for_byte() -> None:
    assert markdown_of(RECORD) == EXPECTED


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
