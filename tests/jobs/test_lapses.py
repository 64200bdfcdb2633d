"""The `lapses` job: a weekly, morning reminder to the manager of every lapsed report."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from freezegun import freeze_time
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select, update

from bot.blocks.ids import Home as HomeIds
from bot.blocks.ids import Lapse as Ids
from bot.config import Settings
from bot.db import session_scope
from bot.jobs import JobContext, job_named
from bot.models import Conversation, Delivery, Person, Workspace
from bot.services import parse_id
from bot.services.nudges.lapses import lapsed, plan_day
from bot.timing import next_morning
from tests.support.app_server import AppServer
from tests.support.factories import add_person, report_to_manager
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.blockkit import check_message_blocks, check_view
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER
from tests.support.fakeslack.server import RESPONSE_URL
from tests.support.rows import planned_day
from tests.support.slack_ui import (
    click,
    click_schedule,
    eventually,
    ics_file,
    opened,
    reminder_in_dm,
    submit,
)

BERLIN = ZoneInfo("Europe/Berlin")
# A Friday evening in Berlin (19:30 CET); the next working-day morning is Monday 23 Nov.
NOW = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)
MONDAY_MORNING = datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)


def _people(engine: Engine, *, last_met_days_ago: int | None = 91, reports: int = 1) -> list[int]:
    """Grace (manager, Berlin) and her reports, Ada first; Ada last met Grace that long ago."""
    joined = NOW - timedelta(days=400)
    with session_scope(engine) as session:
        grace = add_person(
            session, MANAGER, slack_team="T0TEST0001", now=joined, tz="Europe/Berlin"
        )
        people = [
            add_person(
                session,
                EMPLOYEE if i == 0 else f"U0REPORT{i:03d}",
                slack_team="T0TEST0001",
                now=joined,
                manager_id=grace.id,
            )
            for i in range(reports)
        ]
        ids = [p.id or 0 for p in people]
        if last_met_days_ago is not None:
            _met(session, ids[0], grace.id or 0, NOW.date() - timedelta(days=last_met_days_ago))
    return ids


def _met(session: Session, employee_id: int, partner_id: int, on: date) -> None:
    employee = session.get(Person, employee_id)
    assert employee is not None
    session.add(
        Conversation(
            workspace_id=employee.workspace_id,
            employee_id=employee_id,
            partner_id=partner_id,
            held_on=on,
            logged_by_id=partner_id,
            created_at=NOW,
            updated_at=NOW,
        )
    )


def _run(engine: Engine, settings: Settings, at: datetime) -> dict[str, int]:
    job = job_named("lapses")
    assert job is not None and job.run is not None
    with freeze_time(at):
        return job.run(JobContext(settings=settings, engine=engine, clock=lambda: at))


def _rows(engine: Engine) -> list[Delivery]:
    with Session(engine) as session:
        return list(session.exec(select(Delivery).order_by(col(Delivery.id))).all())


def _mark_sent(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.execute(update(Delivery).values(state="sent", sent_at=NOW))


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _edit(engine: Engine, person_id: int, **changes: object) -> None:
    with session_scope(engine) as session:
        person = session.get(Person, person_id)
        assert person is not None
        for name, value in changes.items():
            setattr(person, name, value)
        session.add(person)


def test_a_report_91_days_past_gets_one_reminder_on_the_managers_monday_morning(
    engine: Engine, settings: Settings
) -> None:
    (ada,) = _people(engine)
    assert _run(engine, settings, NOW) == {"lapsed": 1, "owed": 1, "withdrawn": 0, "zones": 1}
    assert _run(engine, settings, NOW)["owed"] == 0  # twice at the same time: still one row
    (row,) = _rows(engine)
    assert (row.recipient, row.kind, row.state) == (MANAGER, "lapse", "pending")
    assert row.period_key == f"{ada}:2026-W48"
    assert _utc(row.not_before) == MONDAY_MORNING.astimezone(UTC)
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
    (ada,) = _people(engine, last_met_days_ago=89)
    assert _run(engine, settings, NOW)["lapsed"] == 0
    _edit(engine, ada, manager_id=None)
    assert _run(engine, settings, NOW + timedelta(days=30))["lapsed"] == 0
    assert _rows(engine) == []


def test_someone_who_never_met_is_counted_from_joining(engine: Engine, settings: Settings) -> None:
    _people(engine, last_met_days_ago=None)
    _run(engine, settings, NOW)
    (row,) = _rows(engine)
    assert "joined 400 days ago" in row.payload["text"]


def test_a_still_lapsed_report_is_reminded_again_the_next_week_not_sooner(
    engine: Engine, settings: Settings
) -> None:
    (ada,) = _people(engine)
    _run(engine, settings, NOW)
    _mark_sent(engine)
    assert _run(engine, settings, NOW + timedelta(days=3))["owed"] == 0  # Monday evening: W48
    assert _run(engine, settings, NOW + timedelta(days=7))["owed"] == 1
    assert [r.period_key for r in _rows(engine)] == [f"{ada}:2026-W48", f"{ada}:2026-W49"]


def _deliver(engine: Engine, settings: Settings, at: datetime) -> None:
    job = job_named("deliver")
    assert job is not None and job.run is not None
    with freeze_time(at):
        job.run(JobContext(settings=settings, engine=engine, clock=lambda: at))


def test_over_the_weekly_cap_waiting_reminders_go_first_and_none_pile_up(
    engine: Engine, settings: Settings, fake_slack: FakeSlack
) -> None:
    ada, bob = _people(engine, reports=2)  # Ada met Grace 91 days ago; Bob never did
    with session_scope(engine) as session:
        session.execute(update(Workspace).values(weekly_nudge_cap=1))
    for week in range(4):
        monday = MONDAY_MORNING.astimezone(UTC) + timedelta(weeks=week)
        for at in (monday - timedelta(days=2), monday, monday + timedelta(hours=1)):
            _run(engine, settings, at)
            _deliver(engine, settings, at)
        waiting = [r for r in _rows(engine) if r.state == "pending"]
        assert len(waiting) == 1, [r.period_key for r in waiting]  # the one the cap held back
    sent = sorted((r for r in _rows(engine) if r.state == "sent"), key=lambda r: _utc(r.not_before))
    about = [parse_id(r.period_key.split(":")[0]) for r in sent]
    assert about == [ada, bob, ada, bob] or about == [bob, ada, bob, ada]
    posted = [c for c in fake_slack.calls_to("chat.postMessage") if c.ok]
    assert len(posted) == 4  # one a week, as the cap of one allows


def test_a_logged_conversation_stops_the_reminders(engine: Engine, settings: Settings) -> None:
    (ada,) = _people(engine)
    _run(engine, settings, NOW)
    _mark_sent(engine)
    with session_scope(engine) as session:
        grace = session.exec(select(Person).where(Person.slack_user_id == MANAGER)).one()
        _met(session, ada, grace.id or 0, NOW.date() + timedelta(days=2))
    assert _run(engine, settings, NOW + timedelta(days=7))["lapsed"] == 0
    assert len(_rows(engine)) == 1


def test_a_pending_reminder_is_withdrawn_once_the_conversation_is_logged(
    engine: Engine, settings: Settings
) -> None:
    (ada,) = _people(engine)
    _run(engine, settings, NOW)
    with session_scope(engine) as session:
        grace = session.exec(select(Person).where(Person.slack_user_id == MANAGER)).one()
        _met(session, ada, grace.id or 0, NOW.date())
    assert _run(engine, settings, NOW + timedelta(hours=1))["withdrawn"] == 1
    assert _rows(engine) == []


def test_a_snoozed_report_is_quiet_until_the_snooze_ends(
    engine: Engine, settings: Settings
) -> None:
    (ada,) = _people(engine)
    _edit(engine, ada, snoozed_until=NOW + timedelta(days=7))
    assert _run(engine, settings, NOW)["lapsed"] == 0
    assert _run(engine, settings, NOW + timedelta(days=6))["lapsed"] == 0
    assert _rows(engine) == []
    assert _run(engine, settings, NOW + timedelta(days=7, minutes=1))["owed"] == 1


def test_a_paused_or_departed_report_gets_no_reminder(engine: Engine, settings: Settings) -> None:
    (ada,) = _people(engine)
    _edit(engine, ada, paused_until=NOW.date() + timedelta(days=30))
    assert _run(engine, settings, NOW)["lapsed"] == 0
    _edit(engine, ada, paused_until=None, left_at=NOW)
    assert _run(engine, settings, NOW)["lapsed"] == 0
    assert _rows(engine) == []


def test_planning_takes_one_query_however_many_reports(engine: Engine) -> None:
    _people(engine, reports=6)
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


def test_only_the_current_manager_can_snooze(app_server: AppServer, engine: Engine) -> None:
    ids = report_to_manager(engine)
    ada = ids[EMPLOYEE]
    click(app_server, Ids.SNOOZE_1_WEEK, str(ada), user=STRANGER)
    (answer,) = app_server.fake.wait_for(RESPONSE_URL)
    assert answer.args["response_type"] == "ephemeral"
    assert "Only their current manager" in answer.args["text"]
    with Session(engine) as session:
        assert (session.get(Person, ada) or Person()).snoozed_until is None

    click(app_server, Ids.SNOOZE_2_WEEKS, str(ada), user=MANAGER)
    answers = app_server.fake.wait_for(RESPONSE_URL, count=2)
    assert "two weeks" in answers[-1].args["text"]

    def snoozed() -> bool:
        with Session(engine) as session:
            until = (session.get(Person, ada) or Person()).snoozed_until
        return until is not None and _utc(until) > datetime.now(UTC) + timedelta(days=13)

    eventually(snoozed)


def test_a_planned_day_still_ahead_holds_the_reminders_until_it_passes(
    engine: Engine, settings: Settings
) -> None:
    (ada,) = _people(engine)
    _edit(engine, ada, planned_on=NOW.date() + timedelta(days=3))
    assert _run(engine, settings, NOW)["lapsed"] == 0
    assert _run(engine, settings, NOW + timedelta(days=3))["lapsed"] == 0  # the day itself
    assert _rows(engine) == []
    assert _run(engine, settings, NOW + timedelta(days=4))["owed"] == 1  # it passed unlogged


def test_a_schedule_after_a_reminder_withdraws_the_pending_one(
    engine: Engine, settings: Settings
) -> None:
    (ada,) = _people(engine)
    _run(engine, settings, NOW)
    _edit(engine, ada, planned_on=NOW.date() + timedelta(days=10))
    assert _run(engine, settings, NOW + timedelta(hours=1))["withdrawn"] == 1
    assert _rows(engine) == []


def test_the_suggested_day_is_a_working_day_a_week_out() -> None:
    assert plan_day(date(2026, 11, 18)) == date(2026, 11, 25)  # Wednesday: next Wednesday
    assert plan_day(date(2026, 11, 21)) == date(2026, 11, 30)  # Saturday: the Monday after
    assert plan_day(date(2026, 11, 22)) == date(2026, 11, 30)  # Sunday: the Monday after


# ---- "Schedule it" through signed HTTP ---------------------------------------------------------


def test_schedule_it_sets_the_day_updates_the_reminder_and_sends_an_invite(
    app_server: AppServer, engine: Engine
) -> None:
    ada = report_to_manager(engine)[EMPLOYEE]
    channel, ts = reminder_in_dm(app_server, ada)
    fake = app_server.fake
    click_schedule(app_server, ada, MANAGER, channel, ts)
    call = fake.wait_for("views.open")[-1]
    view = opened(call.args["view"], call.response["view"])
    assert check_view(view) == []
    assert view["callback_id"] == Ids.SCHEDULE_MODAL
    today = datetime.now(BERLIN).date()  # Grace's zone, from Slack on her first click
    (picker,) = [b["element"] for b in view["blocks"] if b["type"] == "input"]
    assert picker["initial_date"] == plan_day(today).isoformat()

    for bad, words in (
        (today - timedelta(days=1), "has passed"),
        (today + timedelta(days=91), "within 90 days"),
    ):
        reply = submit(app_server, view, {"planned_on": bad}, MANAGER)
        assert reply["response_action"] == "errors"
        assert words in reply["errors"]["planned_on"]
    assert planned_day(engine, ada) is None

    day = today + timedelta(days=90)  # the last day allowed
    assert submit(app_server, view, {"planned_on": day}, MANAGER) == {}
    assert planned_day(engine, ada) == day
    (update,) = fake.wait_for("chat.update")
    assert (update.args["channel"], update.args["ts"]) == (channel, ts)
    (message,) = fake.messages(channel)
    assert "Scheduled" in message["text"] and f"<@{EMPLOYEE}>" in message["text"]
    assert check_message_blocks(message["blocks"]) == []
    calendar, upload = ics_file(app_server)
    assert upload["channel"] == fake.dm_channel(MANAGER)
    (event,) = calendar.walk("VEVENT")
    start = datetime.combine(day, time(10), BERLIN)
    assert event["dtstart"].dt == start and event["dtstart"].dt.utcoffset() == start.utcoffset()
    attendees = sorted(str(a) for a in event.get("attendee"))
    assert attendees == ["mailto:ada@example.com", "mailto:grace@example.com"]
    with Session(engine) as session:
        assert [lapse.report_id for lapse in lapsed(session=session, now=datetime.now(UTC))] == []


def test_only_the_current_manager_can_schedule(app_server: AppServer, engine: Engine) -> None:
    ada = report_to_manager(engine)[EMPLOYEE]
    channel, ts = reminder_in_dm(app_server, ada)
    fake = app_server.fake
    click_schedule(app_server, ada, STRANGER, channel, ts)
    (answer,) = fake.wait_for(RESPONSE_URL)
    assert answer.args["response_type"] == "ephemeral"
    assert "Only their current manager" in answer.args["text"]
    assert fake.calls_to("views.open") == []

    # A modal opened by Grace, submitted by the stranger (same report id in its metadata).
    click_schedule(app_server, ada, MANAGER, channel, ts)
    call = fake.wait_for("views.open")[-1]
    view = opened(call.args["view"], call.response["view"])
    day = datetime.now(UTC).date() + timedelta(days=7)
    reply = submit(app_server, view, {"planned_on": day}, STRANGER)
    assert reply["response_action"] == "update"
    assert reply["view"]["callback_id"] == Ids.SCHEDULE_REFUSED
    assert planned_day(engine, ada) is None
    assert fake.calls_to("chat.update") == [] and fake.uploads == {}
