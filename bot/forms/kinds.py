"""What each input of our modals is: the element types Slack submits, and the kind of every field.

A field name means one thing everywhere; tests/system/test_forms_fuzz.py checks `FIELD_KINDS`
against the modals the app really opens.
"""

from __future__ import annotations

from typing import Literal

MAX_TEXT = 2000  # long answers; below Slack's 3000 so our own message always fits
MAX_TITLE = 150
MAX_OPTION_VALUE = 150  # Slack's limit on an option's value
NUL = "\x00"

Kind = Literal["text", "choice", "user", "users", "options", "date"]

# What each element type submits (Slack's `state.values` shapes).
ELEMENT_KINDS: dict[str, Kind] = {
    "plain_text_input": "text",
    "number_input": "text",
    "email_text_input": "text",
    "url_text_input": "text",
    "static_select": "choice",
    "radio_buttons": "choice",
    "external_select": "choice",
    "users_select": "user",
    "multi_users_select": "users",
    "checkboxes": "options",
    "multi_static_select": "options",
    "datepicker": "date",
}

_STEPS = tuple(f"{side}_{n}" for side in ("mine", "theirs") for n in (1, 2, 3))

# The kind of every input of every modal, by field name (a field name means one thing
# everywhere). tests/system/test_forms_fuzz.py checks it against the modals the app really opens.
FIELD_KINDS: dict[str, Kind] = {
    **dict.fromkeys(
        (
            # goals
            "title",
            "relevant",
            "experiment",
            "aspiration",
            "learning",
            # skills
            "name",
            "rating",
            "ten_looks_like",
            "options",
            "approach",
            "target_6m",
            "target_12m",
            "target_18m",
            # log
            "shared_notes",
            "private_notes",
            *_STEPS,
            # settings
            "tz_override",
            # prep
            "feeling",
            "passions",
            "strengths",
            "improve",
            "learn",
            "satisfying",
            "unsatisfying",
            "support",
            # admin
            "min_group_size",
            "weekly_nudge_cap",
            "retention_months",
            "away_words",
        ),
        "text",
    ),
    **dict.fromkeys(
        (
            "horizon",
            "skill",
            "kind",
            "follow_up",
            "cadence",
            "direction",
            "quiet_start",
            "quiet_end",
            "digest_weekday",
            "digest_hour",
        ),
        "choice",
    ),
    **dict.fromkeys(("partner", "manager"), "user"),
    **dict.fromkeys(("mentors", "admins"), "users"),
    "share": "options",
    **dict.fromkeys(
        (
            "held_on",
            "next_on",
            *(f"{step}_due" for step in _STEPS),
            "paused_until",
            "target_on",
            "planned_on",
        ),
        "date",
    ),
}
