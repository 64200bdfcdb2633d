"""The workspace admin modal, its confirmation and its refusal, from plain settings."""

from __future__ import annotations

from typing import Any

from bot.blocks.admin import ONLY_ADMINS, SAVED, admin_modal, refused_modal, saved_modal
from bot.blocks.ids import Admin as Ids
from bot.shapes.workspaces import (
    MAX_ADMINS,
    MAX_MIN_GROUP,
    MAX_NUDGE_CAP,
    MAX_RETENTION_MONTHS,
    AdminSettings,
)
from tests.support.fakeslack.blockkit import check_view

CURRENT = AdminSettings(
    cadence="quarterly",
    quiet_start="19",
    quiet_end="8",
    digest_weekday="0",
    digest_hour="9",
    min_group_size="3",
    weekly_nudge_cap="abc",  # not a number: shown empty rather than guessed
    retention_months=None,
    admin_user_ids=["U0ADMIN1", "U0ADMIN2"],
    away_words="vacation, OOO, <!channel> leave",
)


def _inputs(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}


def test_the_modal_is_valid_and_has_every_field_in_order() -> None:
    view = admin_modal(CURRENT)
    assert check_view(view) == []
    assert view["callback_id"] == Ids.MODAL and view["submit"]["text"] == "Save"
    assert list(_inputs(view)) == [
        "cadence",
        "quiet_start",
        "quiet_end",
        "digest_weekday",
        "digest_hour",
        "min_group_size",
        "weekly_nudge_cap",
        "retention_months",
        "admins",
        "away_words",
    ]


def test_the_modal_shows_the_current_settings() -> None:
    inputs = _inputs(admin_modal(CURRENT))
    assert inputs["cadence"]["initial_option"]["value"] == "quarterly"
    assert inputs["quiet_start"]["initial_option"]["text"]["text"] == "19:00"
    assert inputs["quiet_end"]["initial_option"]["text"]["text"] == "08:00"
    assert inputs["digest_weekday"]["initial_option"]["text"]["text"] == "Monday"
    assert inputs["min_group_size"]["initial_value"] == "3"
    assert "initial_value" not in inputs["weekly_nudge_cap"]
    assert "initial_value" not in inputs["retention_months"]
    assert inputs["admins"]["initial_users"] == ["U0ADMIN1", "U0ADMIN2"]


def test_numbers_are_bounded_by_the_services_limits() -> None:
    inputs = _inputs(admin_modal(CURRENT))
    assert inputs["min_group_size"]["max_value"] == str(MAX_MIN_GROUP)
    assert inputs["weekly_nudge_cap"]["max_value"] == str(MAX_NUDGE_CAP)
    assert inputs["retention_months"]["max_value"] == str(MAX_RETENTION_MONTHS)
    assert all(inputs[n]["min_value"] == "1" for n in ("min_group_size", "retention_months"))
    view = admin_modal(CURRENT)
    (admins,) = [b for b in view["blocks"] if b.get("block_id") == "admins"]
    assert f"Up to {MAX_ADMINS} people" in admins["hint"]["text"]
    assert admins["optional"] is True


def test_the_hours_and_weekdays_offered_are_complete() -> None:
    inputs = _inputs(admin_modal(CURRENT))
    hours = [o["value"] for o in inputs["quiet_start"]["options"]]
    assert hours == [str(h) for h in range(24)]
    assert len(inputs["digest_weekday"]["options"]) == 7


def test_saved_and_refused_have_no_submit_and_say_what_happened() -> None:
    saved, refused = saved_modal(), refused_modal()
    assert check_view(saved) == [] and check_view(refused) == []
    assert (saved["callback_id"], refused["callback_id"]) == (Ids.SAVED, Ids.REFUSED)
    assert "submit" not in saved and "submit" not in refused
    assert SAVED in saved["blocks"][0]["text"]["text"]
    assert ONLY_ADMINS in refused["blocks"][0]["text"]["text"]
    assert refused["blocks"][1]["elements"][0]["text"] == "Nothing was changed."


def test_the_away_words_are_shown_as_typed_and_the_field_says_what_they_do() -> None:
    view = admin_modal(CURRENT)
    [block] = [b for b in view["blocks"] if b.get("block_id") == "away_words"]
    assert block["optional"] is True
    # A plain_text_input shows text as typed: nothing in it is read as mrkdwn.
    assert block["element"]["initial_value"] == "vacation, OOO, <!channel> leave"
    assert "whole words" in block["hint"]["text"] and "recaps never" in block["hint"]["text"]
