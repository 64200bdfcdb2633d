"""The lapse reminder, its "Schedule it" modal and what the reminder becomes once scheduled."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date

from bot.blocks.ids import Home as HomeIds
from bot.blocks.ids import Lapse as Ids
from bot.blocks.lapse import (
    REFUSED,
    lapse_message,
    read_schedule_metadata,
    refused_modal,
    schedule_metadata,
    schedule_modal,
    scheduled_message,
)
from bot.shapes.nudges import PLAN_AHEAD_DAYS, PLAN_FIELD, Lapse
from tests.support.fakeslack.blockkit import check_message_blocks, check_view
from tests.support.slack_dates import shown

LAPSE = Lapse(
    workspace_id=1,
    report_id=42,
    report_user_id="U0REP",
    manager_id=2,
    manager_user_id="U0MGR",
    manager_zone=UTC,
    days_since=120,
    last_on=date(2024, 11, 5),
    quiet_hours_start=19,
    quiet_hours_end=8,
)


def test_the_reminder_offers_log_schedule_and_two_snoozes_for_this_report() -> None:
    text, blocks = lapse_message(LAPSE)
    assert check_message_blocks(blocks) == []
    assert text.startswith("It's been 120 days since you and <@U0REP> had a career conversation.")
    actions = blocks[1]
    assert actions["block_id"] == Ids.ACTIONS
    assert [(b["action_id"], b["value"]) for b in actions["elements"]] == [
        (HomeIds.LOG_CONVERSATION, "42"),
        (Ids.SCHEDULE, "42"),
        (Ids.SNOOZE_1_WEEK, "42"),
        (Ids.SNOOZE_2_WEEKS, "42"),
    ]
    assert blocks[2]["elements"][0]["text"] == f"Last conversation: {shown(date(2024, 11, 5))}."


def test_a_report_who_never_had_one_is_told_apart() -> None:
    text, blocks = lapse_message(replace(LAPSE, last_on=None, days_since=40))
    assert text.startswith("<@U0REP> has no career conversation logged with you yet.")
    assert "joined" not in text and "40 days" not in text  # we know when the bot met them, no more
    assert len(blocks) == 2  # no "last conversation" line


def test_schedule_metadata_round_trips_and_garbage_reads_as_nothing() -> None:
    assert read_schedule_metadata(schedule_metadata(42, "1700000000.000100")) == (
        42,
        "1700000000.000100",
    )
    assert read_schedule_metadata(schedule_metadata(42, None)) == (42, None)
    for garbage in ("", "not json", "[1, 2]", '{"report": "abc", "ts": 5}'):
        assert read_schedule_metadata(garbage) == (0, None)


def test_the_schedule_modal_suggests_a_day_within_the_plan_ahead_limit() -> None:
    view = schedule_modal(
        report_user_id="U0REP", report_id=42, suggested=date(2025, 3, 5), message_ts="1.2"
    )
    assert check_view(view) == []
    assert view["callback_id"] == Ids.SCHEDULE_MODAL and view["submit"]["text"] == "Schedule"
    picker = view["blocks"][1]
    assert picker["block_id"] == PLAN_FIELD
    assert picker["element"]["initial_date"] == "2025-03-05"
    assert picker["hint"]["text"] == f"Today or within {PLAN_AHEAD_DAYS} days."
    assert read_schedule_metadata(view["private_metadata"]) == (42, "1.2")


def test_refused_and_scheduled() -> None:
    view = refused_modal()
    assert check_view(view) == [] and view["callback_id"] == Ids.SCHEDULE_REFUSED
    assert view["blocks"][0]["text"]["text"] == REFUSED and "submit" not in view
    text, blocks = scheduled_message(report_id=42, report_user_id="U0REP", on=date(2025, 3, 5))
    assert check_message_blocks(blocks) == []
    assert f"with <@U0REP> is on {shown(date(2025, 3, 5), weekday=True)}." in text
    (log,) = blocks[1]["elements"]
    assert (log["action_id"], log["value"]) == (HomeIds.LOG_CONVERSATION, "42")
