"""Bursts of signed requests at once, through the real HTTP entry: never a 5xx, one row each.

Slack sends a workspace's requests in parallel: a newcomer clicking around, a team saving
settings after a meeting, everyone typing `/career-prep` at 10:00. On SQLite a transaction
that reads and then writes must hold the write lock from its BEGIN (else "database is
locked" at once, whatever the busy timeout); on Postgres racing first sights must not
trip a unique constraint.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.models import Person, ProcessedEvent, Workspace
from tests.support import slack_requests
from tests.support.app_server import AppServer
from tests.support.bursts import (
    NEWCOMER,
    TEAM,
    at_once,
    command,
    count,
    people_rows,
    server_errors,
    some_people,
)
from tests.support.fakeslack.fixtures import STRANGER
from tests.support.slack_ui import eventually


def test_a_newcomers_twenty_first_requests_at_once_all_succeed(
    app_server: AppServer, engine: Engine, failures: Callable[[], list[str]]
) -> None:
    fake = app_server.fake
    fake.add_user(NEWCOMER, name="nia", tz="America/New_York")
    # The workspace is in use already: only the person is new.
    assert app_server.post(command(app_server, "help", STRANGER))[0] == 200
    words = ["help", "settings", "goals", "prep"] * 5
    answers = at_once(app_server, [command(app_server, w, NEWCOMER) for w in words])

    errors = server_errors(answers)
    assert errors == [], f"{len(errors)} of {len(answers)} answered 5xx"
    assert [status for status, _ in answers] == [200] * len(words)
    fake.wait_for("views.open", count=15)  # settings, goals, prep: opened after the ack
    assert people_rows(engine) == {STRANGER: 1, NEWCOMER: 1}
    assert count(engine, Workspace) == 1

    def zone() -> str | None:
        with Session(engine) as session:
            return session.exec(select(Person).where(Person.slack_user_id == NEWCOMER)).one().tz

    eventually(lambda: zone() == "America/New_York")  # asked after the response
    assert failures() == []


def test_two_hundred_slash_commands_in_bursts_of_fifty_are_all_answered(
    app_server: AppServer, engine: Engine, failures: Callable[[], list[str]]
) -> None:
    people = some_people(50, prefix="U0BURST")
    for user in people:
        app_server.fake.add_user(user, tz="Europe/Paris")
    words = ["help", "settings", "goals", "prep", "help"]
    tried: list[tuple[int, bytes]] = []
    for burst in range(4):  # the first burst meets 50 newcomers, the others known people
        bodies = [
            command(app_server, words[(burst + n) % len(words)], user)
            for n, user in enumerate(people)
        ]
        tried += at_once(app_server, bodies)

    errors = server_errors(tried)
    assert errors == [], f"{len(errors)} of {len(tried)} answered 5xx"
    assert [status for status, _ in tried] == [200] * 200
    assert people_rows(engine) == {user: 1 for user in people}
    assert count(engine, Workspace) == 1
    eventually(lambda: count(engine, Person, col(Person.tz) == "Europe/Paris") == len(people))
    assert failures() == []


def test_one_event_delivered_ten_times_at_once_is_acted_on_once(
    app_server: AppServer, engine: Engine, failures: Callable[[], list[str]]
) -> None:
    event = slack_requests.app_home_opened(NEWCOMER, team_id=TEAM)
    body = slack_requests.event_callback(event, team_id=TEAM, event_id="Ev0BURST00001")
    app_server.fake.add_user(NEWCOMER)
    answers = at_once(app_server, [body] * 10)

    assert [status for status, _ in answers] == [200] * 10
    app_server.fake.wait_for("views.publish")
    # The nine copies were turned away before their ack: nothing of theirs is still running.
    assert len(app_server.fake.calls_to("views.publish")) == 1
    assert count(engine, ProcessedEvent) == 1
    assert people_rows(engine) == {NEWCOMER: 1}
    assert failures() == []
