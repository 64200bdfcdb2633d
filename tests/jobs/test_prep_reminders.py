"""The `prep-reminders` job: both people hear two working days before a scheduled conversation."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from freezegun import freeze_time
from sqlalchemy.engine import Engine

from bot.blocks.ids import Home as HomeIds
from bot.cli import main
from bot.config import Settings
from bot.timing import reminder_day
from tests.support.app_server import AppServer
from tests.support.fakeslack.blockkit import check_message_blocks
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER
from tests.support.followup_world import (
    BERLIN,
    NEW_YORK,
    edit,
    mark_sent,
    met,
    people,
    rows,
    run,
    utc,
)
from tests.support.slack_dates import shown

MONDAY = date(2026, 10, 26)  # the conversation; the Sunday before, Berlin leaves summer time
# Wednesday 21 Oct 2026, 20:00 in Berlin, 14:00 in New York: both next mornings are Thursday's.
NOW = datetime(2026, 10, 21, 18, 0, tzinfo=UTC)
HELD = date(2026, 7, 27)


def _reminders(engine: Engine, settings: Settings, at: datetime = NOW) -> dict[str, int]:
    return run(engine, settings, "prep-reminders", at)


def _buttons(blocks: list[dict[str, Any]]) -> list[str]:
    return [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]


def test_the_reminder_day_is_two_working_days_ahead() -> None:
    assert reminder_day(MONDAY) == date(2026, 10, 22)  # Thursday
    assert reminder_day(date(2026, 10, 28)) == date(2026, 10, 26)  # Wednesday → Monday
    assert reminder_day(date(2026, 10, 27)) == date(2026, 10, 23)  # Tuesday → Friday


def test_a_monday_meeting_is_announced_to_both_on_the_thursday_morning_before_once(
    engine: Engine, settings: Settings
) -> None:
    who = people(engine)
    met(engine, who, held_on=HELD, follow_up="none", next_on=MONDAY)
    assert _reminders(engine, settings, NOW - timedelta(days=1))["due"] == 0  # Wednesday's
    assert _reminders(engine, settings) == {"due": 2, "owed": 2, "withdrawn": 0}
    assert _reminders(engine, settings) == {"due": 2, "owed": 0, "withdrawn": 0}
    ada, grace = rows(engine, "prep-reminder")
    assert (ada.recipient, grace.recipient) == (EMPLOYEE, MANAGER)
    assert ada.period_key == grace.period_key == f"{who.grace}-{who.ada}:2026-10-26"
    assert utc(ada.not_before) == datetime(2026, 10, 22, 9, 0, tzinfo=BERLIN).astimezone(UTC)
    assert utc(grace.not_before) == datetime(2026, 10, 22, 9, 0, tzinfo=NEW_YORK).astimezone(UTC)
    for row in (ada, grace):
        assert check_message_blocks(row.payload["blocks"]) == []
        assert f"is on {shown(date(2026, 10, 26))}" in row.payload["text"]
    assert _buttons(ada.payload["blocks"]) == [HomeIds.OPEN_PREP, HomeIds.LOG_CONVERSATION]
    assert _buttons(grace.payload["blocks"]) == [HomeIds.LOG_CONVERSATION]


def test_a_reminder_missed_still_comes_before_the_day_but_not_on_it(
    engine: Engine, settings: Settings
) -> None:
    who = people(engine)
    met(engine, who, held_on=HELD, follow_up="none", next_on=MONDAY)
    friday_evening = datetime(2026, 10, 22, 18, 0, tzinfo=UTC)  # next mornings: Friday
    assert _reminders(engine, settings, friday_evening)["owed"] == 2
    mark_sent(engine)
    weekend = datetime(2026, 10, 23, 18, 0, tzinfo=UTC)  # next mornings: the meeting day
    assert _reminders(engine, settings, weekend)["due"] == 0


def test_across_a_dst_weekend_each_reminder_lands_once_at_nine_local(
    engine: Engine, settings: Settings
) -> None:
    who = people(engine)
    met(engine, who, held_on=HELD, follow_up="none", next_on=date(2026, 10, 28))  # Wednesday
    at = datetime(2026, 10, 22, 12, 0, tzinfo=UTC)
    while at < datetime(2026, 10, 28, 12, 0, tzinfo=UTC):
        _reminders(engine, settings, at)
        mark_sent(engine, due_by=at)
        at += timedelta(minutes=45)
    ada, grace = rows(engine, "prep-reminder")
    assert utc(ada.not_before) == datetime(2026, 10, 26, 8, 0, tzinfo=UTC)  # 09:00 CET
    assert utc(grace.not_before) == datetime(2026, 10, 26, 13, 0, tzinfo=UTC)  # 09:00 EDT


def test_a_newer_conversation_withdraws_the_reminder_for_the_old_date(
    engine: Engine, settings: Settings
) -> None:
    who = people(engine)
    met(engine, who, held_on=HELD, follow_up="none", next_on=MONDAY)
    _reminders(engine, settings)
    met(engine, who, held_on=NOW.date(), follow_up="none", next_on=date(2027, 1, 20))
    assert _reminders(engine, settings, NOW + timedelta(hours=1)) == {
        "due": 0,
        "owed": 0,
        "withdrawn": 2,
    }
    assert rows(engine, "prep-reminder") == []


def test_a_date_the_manager_scheduled_gets_its_reminder_once_the_old_date_passed(
    engine: Engine, settings: Settings
) -> None:
    who = people(engine)
    met(engine, who, held_on=HELD, follow_up="none", next_on=date(2026, 10, 1))
    edit(engine, who.ada, planned_on=MONDAY)
    assert _reminders(engine, settings) == {"due": 2, "owed": 2, "withdrawn": 0}
    ada, _ = rows(engine, "prep-reminder")
    assert ada.period_key == f"{who.grace}-{who.ada}:2026-10-26"
    assert _buttons(ada.payload["blocks"])[0] == HomeIds.OPEN_PREP  # Ada is the employee


def test_a_plan_is_overridden_by_the_next_date_of_a_conversation_held_since(
    engine: Engine, settings: Settings
) -> None:
    who = people(engine)
    edit(engine, who.ada, planned_on=MONDAY)
    met(engine, who, held_on=NOW.date(), follow_up="none", next_on=date(2027, 1, 20))
    assert _reminders(engine, settings)["due"] == 0  # they met early: the next date wins


def test_never_met_with_a_plan_is_reminded_too(engine: Engine, settings: Settings) -> None:
    who = people(engine)
    edit(engine, who.ada, planned_on=MONDAY)
    assert _reminders(engine, settings)["owed"] == 2


@pytest.mark.parametrize("who_pauses", ["ada", "grace"])
def test_a_paused_pair_gets_no_reminder(
    engine: Engine, settings: Settings, who_pauses: str
) -> None:
    who = people(engine)
    met(engine, who, held_on=HELD, follow_up="none", next_on=MONDAY)
    _reminders(engine, settings)
    edit(engine, getattr(who, who_pauses), paused_until=MONDAY + timedelta(days=7))
    result = _reminders(engine, settings, NOW + timedelta(hours=1))
    assert (result["due"], result["withdrawn"]) == (0, 2)


def test_the_cli_plans_and_deliver_sends_valid_messages(
    app_server: AppServer,
    slack_env: Settings,
    engine: Engine,
    capsys: pytest.CaptureFixture[str],
) -> None:
    who = people(engine)
    met(engine, who, held_on=HELD, follow_up="none", next_on=MONDAY)
    with freeze_time(NOW):
        assert main(["jobs", "run", "prep-reminders"]) == 0
    assert capsys.readouterr().out == "prep-reminders: 2 due, 2 owed, 0 withdrawn\n"
    # Thursday afternoon: both mornings have passed, and both are at work (the dispatcher
    # holds a reminder that falls due in someone's quiet hours).
    with freeze_time(datetime(2026, 10, 22, 15, 0, tzinfo=UTC)):
        assert main(["jobs", "run", "deliver"]) == 0
    assert capsys.readouterr().out.startswith("deliver: 2 sent")
    fake = app_server.fake
    posted = {c.response["channel"]: c.args for c in fake.calls_to("chat.postMessage")}
    assert set(posted) == {fake.dm_channel(EMPLOYEE), fake.dm_channel(MANAGER)}
    for message in posted.values():
        assert check_message_blocks(message["blocks"]) == []
        assert shown(date(2026, 10, 26)) in message["text"]  # each reader's locale
