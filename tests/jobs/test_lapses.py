"""The `lapses` job: a weekly, morning reminder to the manager of every lapsed report."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from freezegun import freeze_time
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, update

from bot.blocks.ids import Home as HomeIds
from bot.blocks.ids import Lapse as Ids
from bot.config import Settings
from bot.db import session_scope
from bot.jobs import JobContext, job_named
from bot.models import Workspace
from bot.services import parse_id
from bot.services.nudges.lapses import lapsed, plan_day
from bot.timing import next_morning
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.blockkit import check_message_blocks
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER
from tests.support.lapse_world import (
    BERLIN,
    MONDAY_MORNING,
    NOW,
    delivery_rows,
    edit_person,
    grace_and_reports,
    mark_sent,
    run_lapses,
    utc,
)


def test_a_report_91_days_past_gets_one_reminder_on_the_managers_monday_morning(
    engine: Engine, settings: Settings
) -> None:
    (ada,) = grace_and_reports(engine)
    assert run_lapses(engine, settings, NOW) == {"lapsed": 1, "owed": 1, "withdrawn": 0, "zones": 1}
    assert run_lapses(engine, settings, NOW)["owed"] == 0  # twice at the same time: still one row
    (row,) = delivery_rows(engine)
    assert (row.recipient, row.kind, row.state) == (MANAGER, "lapse", "pending")
    assert row.period_key == f"{ada}:2026-W48"
    assert utc(row.not_before) == MONDAY_MORNING.astimezone(UTC)
    assert f"<@{EMPLOYEE}>" in row.payload["text"] and "91 days" in row.payload["text"]
    blocks = row.payload["blocks"]
    assert check_message_blocks(blocks) == []
    buttons = {
        e["action_id"]: e["value"] for b in blocks if b["type"] == "actions" for e in b["elements"]
    }
    assert buttons == {
        HomeIds.LOG_CONVERSATION: str(ada),
        Ids.SCHEDULE: str(ada),
        Ids.SNOOZE_1_WEEK: str(ada),
        Ids.SNOOZE_2_WEEKS: str(ada),
    }


def test_within_cadence_or_without_a_manager_nobody_is_reminded(
    engine: Engine, settings: Settings
) -> None:
    (ada,) = grace_and_reports(engine, last_met_days_ago=89)
    assert run_lapses(engine, settings, NOW)["lapsed"] == 0
    edit_person(engine, ada, manager_id=None)
    assert run_lapses(engine, settings, NOW + timedelta(days=30))["lapsed"] == 0
    assert delivery_rows(engine) == []


def test_someone_who_never_met_is_counted_from_joining(engine: Engine, settings: Settings) -> None:
    """Counted from when the bot met them, but the DM says only what is known: no conversation
    logged yet (someone here for 10 years was "added" to the bot, not hired, 400 days ago)."""
    grace_and_reports(engine, last_met_days_ago=None)
    run_lapses(engine, settings, NOW)
    (row,) = delivery_rows(engine)
    assert "has no career conversation logged with you yet" in row.payload["text"]
    assert "joined" not in row.payload["text"] and "400 days" not in row.payload["text"]


def test_a_still_lapsed_report_is_reminded_again_the_next_week_not_sooner(
    engine: Engine, settings: Settings
) -> None:
    (ada,) = grace_and_reports(engine)
    run_lapses(engine, settings, NOW)
    mark_sent(engine)
    assert run_lapses(engine, settings, NOW + timedelta(days=3))["owed"] == 0  # Monday evening: W48
    assert run_lapses(engine, settings, NOW + timedelta(days=7))["owed"] == 1
    assert [r.period_key for r in delivery_rows(engine)] == [f"{ada}:2026-W48", f"{ada}:2026-W49"]


def _deliver(engine: Engine, settings: Settings, at: datetime) -> None:
    job = job_named("deliver")
    assert job is not None and job.run is not None
    with freeze_time(at):
        job.run(JobContext(settings=settings, engine=engine, clock=lambda: at))


def test_over_the_weekly_cap_waiting_reminders_go_first_and_none_pile_up(
    engine: Engine, settings: Settings, fake_slack: FakeSlack
) -> None:
    ada, bob = grace_and_reports(engine, reports=2)  # Ada met Grace 91 days ago; Bob never did
    with session_scope(engine) as session:
        session.execute(update(Workspace).values(weekly_nudge_cap=1))
    for week in range(4):
        monday = MONDAY_MORNING.astimezone(UTC) + timedelta(weeks=week)
        for at in (monday - timedelta(days=2), monday, monday + timedelta(hours=1)):
            run_lapses(engine, settings, at)
            _deliver(engine, settings, at)
        waiting = [r for r in delivery_rows(engine) if r.state == "pending"]
        assert len(waiting) == 1, [r.period_key for r in waiting]  # the one the cap held back
    sent = sorted(
        (r for r in delivery_rows(engine) if r.state == "sent"), key=lambda r: utc(r.not_before)
    )
    about = [parse_id(r.period_key.split(":")[0]) for r in sent]
    assert about == [ada, bob, ada, bob] or about == [bob, ada, bob, ada]
    posted = [c for c in fake_slack.calls_to("chat.postMessage") if c.ok]
    assert len(posted) == 4  # one a week, as the cap of one allows


def test_planning_takes_one_query_however_many_reports(engine: Engine) -> None:
    grace_and_reports(engine, reports=6)
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        with Session(engine) as session:
            found = lapsed(session=session, now=NOW)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(found) == 6  # Ada by her last conversation, the others since joining
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1


def test_the_morning_is_nine_local_on_a_working_day_across_dst() -> None:
    # Friday 27 Mar 2026, 19:00 in Berlin (CET); clocks go forward on Sunday the 29th.
    friday = datetime(2026, 3, 27, 18, 0, tzinfo=UTC)
    monday = next_morning(friday, zone=BERLIN, quiet_start=18, quiet_end=9)
    assert monday == datetime(2026, 3, 30, 7, 0, tzinfo=UTC)  # 09:00 CEST
    assert monday.astimezone(BERLIN).hour == 9
    # Before 09:00 on a working day: this very morning; New York springs forward 8 Mar 2026.
    new_york = ZoneInfo("America/New_York")
    early = datetime(2026, 3, 9, 10, 0, tzinfo=UTC)  # 06:00 EDT, Monday
    assert next_morning(early, zone=new_york, quiet_start=18, quiet_end=9) == datetime(
        2026, 3, 9, 13, 0, tzinfo=UTC
    )
    # Quiet hours that end at 10:00 move the morning to 10:00.
    later = next_morning(early, zone=new_york, quiet_start=18, quiet_end=10)
    assert later.astimezone(new_york).hour == 10


def test_the_suggested_day_is_a_working_day_a_week_out() -> None:
    assert plan_day(date(2026, 11, 18)) == date(2026, 11, 25)  # Wednesday: next Wednesday
    assert plan_day(date(2026, 11, 21)) == date(2026, 11, 30)  # Saturday: the Monday after
    assert plan_day(date(2026, 11, 22)) == date(2026, 11, 30)  # Sunday: the Monday after
