"""A known career record as the export gathers it (every part filled in, awkward text
included), and a newcomer's record with nothing in it yet: what the export tests render."""

from __future__ import annotations

from typing import Any

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
        "away": True,
        "away_until": "2025-03-10T00:00:00",
        "away_seen_at": "2025-03-03T12:00:00",
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
