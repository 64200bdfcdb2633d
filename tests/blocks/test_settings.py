"""A person's settings modal and its confirmation."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.blocks.ids import Settings as Ids
from bot.blocks.settings import CADENCE_OPTIONS, SAVED, saved_modal, settings_modal
from bot.shapes.org import MAX_MENTORS, CurrentSettings
from tests.support.fakeslack.blockkit import check_view

CURRENT = CurrentSettings(
    manager_user_id="U0MGR",
    manager_from_directory=False,
    mentor_user_ids=["U0M1", "U0M2"],
    cadence="quarterly",
    paused_until=date(2025, 4, 1),
    tz_override="Europe/Berlin",
)


def _inputs(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}


def test_the_modal_is_valid_and_shows_the_current_settings() -> None:
    view = settings_modal(CURRENT)
    assert check_view(view) == [] and view["callback_id"] == Ids.MODAL
    inputs = _inputs(view)
    assert list(inputs) == ["manager", "mentors", "cadence", "paused_until", "tz_override"]
    assert inputs["manager"]["element"]["initial_user"] == "U0MGR"
    assert inputs["mentors"]["element"]["initial_users"] == ["U0M1", "U0M2"]
    assert f"Up to {MAX_MENTORS} people" in inputs["mentors"]["hint"]["text"]
    assert inputs["cadence"]["element"]["initial_option"]["value"] == "quarterly"
    assert [v for v, _ in CADENCE_OPTIONS] == ["monthly", "quarterly", "six_monthly", "yearly"]
    assert inputs["paused_until"]["element"]["initial_date"] == "2025-04-01"
    assert inputs["tz_override"]["element"]["initial_value"] == "Europe/Berlin"
    assert inputs["tz_override"]["element"]["max_length"] == 64


def test_a_manager_from_the_directory_is_shown_not_asked() -> None:
    view = settings_modal(
        CurrentSettings("U0DIR", True, [], "monthly", paused_until=None, tz_override=None)
    )
    assert check_view(view) == []
    assert "manager" not in _inputs(view)
    assert view["blocks"][0]["text"]["text"].startswith("*Your manager:* <@U0DIR> (from your")
    assert "initial_date" not in _inputs(view)["paused_until"]["element"]


def test_saved() -> None:
    view = saved_modal()
    assert check_view(view) == [] and view["callback_id"] == Ids.SAVED
    assert "submit" not in view and SAVED in view["blocks"][0]["text"]["text"]
