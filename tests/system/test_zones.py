"""Time zones from Slack: on first sight, by a bounded refresh per planner run, on user_change."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from freezegun import freeze_time
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.config import Settings
from bot.jobs import JobContext, job_named
from bot.jobs.deliver import clients_for
from bot.jobs.zones import refresh_zones
from bot.models import Delivery, Person
from tests.support import slack_requests
from tests.support.app_server import AppServer
from tests.support.factories import person_id
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER
from tests.support.slack_ui import eventually

TEAM = "T0TEST0001"
NOW = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)  # a Friday
NEWCOMER = "U0NEWCOMER1"
GONE = "U0GONEGONE1"  # no such Slack user: users.info answers user_not_found


def _person(engine: Engine, user: str) -> Person | None:
    with Session(engine) as session:
        return session.exec(select(Person).where(Person.slack_user_id == user)).first()


def _add(engine: Engine, user: str, **fields: object) -> int:
    return person_id(engine, user, slack_team=TEAM, now=NOW, **fields)


def _asked(fake: FakeSlack) -> list[str]:
    return [str(call.args["user"]) for call in fake.calls_to("users.info")]


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def test_a_person_first_seen_in_a_slash_command_gets_their_slack_zone(
    app_server: AppServer, engine: Engine
) -> None:
    fake = app_server.fake
    fake.add_user(NEWCOMER, email="nia@example.com", name="nia", tz="America/New_York")
    body = slack_requests.slash_command(
        "help", user_id=NEWCOMER, team_id=TEAM, trigger_id=fake.issue_trigger_id()
    )
    status, _, _ = app_server.post(body)
    assert status == 200
    # Asked once the response is on its way: the answer arrives after it.
    eventually(lambda: getattr(_person(engine, NEWCOMER), "tz", None) == "America/New_York")
    person = _person(engine, NEWCOMER)
    assert person is not None and person.tz_fetched_at is not None
    # Known now: a second command does not ask Slack again.
    app_server.post(
        slack_requests.slash_command(
            "help", user_id=NEWCOMER, team_id=TEAM, trigger_id=fake.issue_trigger_id()
        )
    )
    assert _asked(fake) == [NEWCOMER]


def test_a_first_command_from_someone_slack_does_not_know_still_works(
    app_server: AppServer, engine: Engine
) -> None:
    fake = app_server.fake
    body = slack_requests.slash_command(
        "help", user_id=GONE, team_id=TEAM, trigger_id=fake.issue_trigger_id()
    )
    status, _, raw = app_server.post(body)
    assert status == 200
    assert "/career-prep" in json.loads(raw)["text"]  # the help answer still arrives
    eventually(lambda: getattr(_person(engine, GONE), "tz_fetched_at", None) is not None)
    person = _person(engine, GONE)
    assert person is not None and person.tz is None
    assert person.tz_fetched_at is not None  # Slack's "no such user" is remembered too


def test_the_refresh_fills_unknown_and_stale_zones_and_trusts_fresh_ones(
    engine: Engine, settings: Settings, fake_slack: FakeSlack
) -> None:
    fake_slack.add_user(NEWCOMER, tz="Asia/Tokyo")
    fake_slack.add_user(MANAGER, tz="America/Chicago")  # replaces the fixture's Berlin
    fake_slack.add_user(EMPLOYEE, tz="Australia/Sydney")
    never = _add(engine, NEWCOMER)
    stale = _add(engine, MANAGER, tz="Europe/Berlin", tz_fetched_at=NOW - timedelta(days=31))
    fresh = _add(engine, EMPLOYEE, tz="Europe/Berlin", tz_fetched_at=NOW - timedelta(days=10))
    _add(engine, STRANGER, tz_override="Europe/Paris")  # their own zone wins: not asked
    imported = _add(engine, "U0IMPORTED1", tz="Asia/Tokyo")  # from the org import: known
    _add(engine, "U0LEFTLEFT1", left_at=NOW - timedelta(days=1))  # left: not asked
    clients = clients_for(settings, engine)

    assert refresh_zones(clients, engine, now=NOW) == 2
    assert _asked(fake_slack) == [NEWCOMER, MANAGER]  # never asked first, then the oldest
    with Session(engine) as session:
        zones = {p.id: (p.tz, _aware(p.tz_fetched_at)) for p in session.exec(select(Person))}
    assert zones[never] == ("Asia/Tokyo", NOW)
    assert zones[stale] == ("America/Chicago", NOW)
    assert zones[fresh] == ("Europe/Berlin", NOW - timedelta(days=10))
    assert zones[imported] == ("Asia/Tokyo", None)

    # Everyone is fresh now; twenty days on, only the one last asked 10 days ago is stale.
    assert refresh_zones(clients, engine, now=NOW + timedelta(hours=1)) == 0
    assert refresh_zones(clients, engine, now=NOW + timedelta(days=20, hours=1)) == 1
    assert _asked(fake_slack)[-1] == EMPLOYEE
    assert (_person(engine, EMPLOYEE) or Person()).tz == "Australia/Sydney"


def test_the_refresh_is_bounded_and_stops_at_a_rate_limit(
    engine: Engine, settings: Settings, fake_slack: FakeSlack
) -> None:
    for n in range(5):
        _add(engine, f"U0PERSON{n:03d}")
    clients = clients_for(settings, engine)
    assert refresh_zones(clients, engine, now=NOW, limit=2) == 2
    fake_slack.inject("users.info", "ratelimited", times=1, retry_after=30)
    assert refresh_zones(clients, engine, now=NOW) == 0  # the 429 ends this run's asking
    assert len(fake_slack.calls_to("users.info")) == 3
    assert refresh_zones(clients, engine, now=NOW) == 3  # the next run picks up the rest


def test_user_change_updates_a_known_persons_zone_and_ignores_strangers(
    app_server: AppServer, engine: Engine
) -> None:
    ada = _add(engine, EMPLOYEE, tz="Europe/Berlin", tz_fetched_at=NOW)
    fake = app_server.fake
    changed = dict(fake.add_user(EMPLOYEE, tz="America/Los_Angeles"))
    stranger = dict(fake.add_user(STRANGER, tz="Asia/Kolkata"))
    for user in (changed, stranger):
        event = {"type": "user_change", "user": user, "cache_ts": 1700000000}
        status, _, _ = app_server.post(slack_requests.event_callback(event, team_id=TEAM))
        assert status == 200

    def updated() -> bool:
        with Session(engine) as session:
            return (session.get(Person, ada) or Person()).tz == "America/Los_Angeles"

    eventually(updated)
    assert _person(engine, STRANGER) is None  # a profile edit creates nobody
    assert _asked(fake) == []  # the event carries the zone: Slack is not asked


def test_a_manager_slack_does_not_know_stays_in_utc_and_planning_goes_on(
    engine: Engine, settings: Settings
) -> None:
    boss = _add(engine, GONE)
    ada = _add(engine, EMPLOYEE, manager_id=boss, joined_at=NOW - timedelta(days=400))
    job = job_named("lapses")
    assert job is not None and job.run is not None
    with freeze_time(NOW):
        counts = job.run(JobContext(settings=settings, engine=engine, clock=lambda: NOW))
    assert counts["lapsed"] == 1 and counts["owed"] == 1
    assert (_person(engine, GONE) or Person()).tz is None
    assert (_person(engine, EMPLOYEE) or Person()).tz == "Europe/Berlin"  # asked as well
    with Session(engine) as session:
        (row,) = session.exec(select(Delivery).order_by(col(Delivery.id))).all()
    assert row.recipient == GONE and row.period_key.startswith(f"{ada}:")
    # No zone: the manager's morning is 09:00 UTC on Monday.
    assert _aware(row.not_before) == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
