"""The planner run's refresh reads the status from the same users.info answer, and asks again
about someone away with no end date in their status, in case Slack's user_change was missed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.config import Settings
from bot.jobs.deliver import clients_for
from bot.jobs.zones import refresh_zones
from bot.models import Person
from bot.services.org.zones import AWAY_RECHECK
from tests.support.factories import person_id
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER

TEAM = "T0TEST0001"
NOW = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)


def _person(engine: Engine, person: int) -> Person:
    with Session(engine) as session:
        found = session.get(Person, person)
        assert found is not None
        return found


def _asked(fake: FakeSlack) -> list[str]:
    return [str(call.args["user"]) for call in fake.calls_to("users.info")]


def test_the_refresh_keeps_whether_people_are_away_from_the_same_answer(
    engine: Engine, settings: Settings, fake_slack: FakeSlack
) -> None:
    back = int((NOW + timedelta(days=5)).timestamp())
    fake_slack.set_status(EMPLOYEE, emoji=":airplane:", text="Conference", expiration=back)
    ada = person_id(engine, EMPLOYEE, slack_team=TEAM, now=NOW)  # never asked
    assert refresh_zones(clients_for(settings, engine), engine, now=NOW) == 1
    found = _person(engine, ada)
    assert (found.tz, found.away) == ("Europe/Berlin", True)
    assert found.away_until is not None
    assert found.away_until.replace(tzinfo=UTC) == NOW + timedelta(days=5)


def test_someone_away_with_no_end_is_asked_again_and_comes_back(
    engine: Engine, settings: Settings, fake_slack: FakeSlack
) -> None:
    fresh = {"tz": "Europe/Berlin", "tz_fetched_at": NOW - timedelta(days=1), "away": True}
    stale = NOW - AWAY_RECHECK - timedelta(minutes=1)
    # Away since yesterday, no end; their zone is their own and fresh: only the status is due.
    grace = person_id(
        engine,
        MANAGER,
        slack_team=TEAM,
        now=NOW,
        tz_override="Asia/Tokyo",
        **{**fresh, "away_seen_at": stale},
    )
    # Away, looked at an hour ago: not yet.
    eve = person_id(
        engine,
        STRANGER,
        slack_team=TEAM,
        now=NOW,
        **{**fresh, "away_seen_at": NOW - timedelta(hours=1)},
    )
    # Away until next week: the expiry says when, nothing to ask.
    until = {"away_until": NOW + timedelta(days=7), "away_seen_at": stale}
    person_id(engine, EMPLOYEE, slack_team=TEAM, now=NOW, **{**fresh, **until})

    assert refresh_zones(clients_for(settings, engine), engine, now=NOW) == 1
    assert _asked(fake_slack) == [MANAGER]
    assert _person(engine, grace).away is False  # Slack shows no status any more
    assert _person(engine, eve).away is True
