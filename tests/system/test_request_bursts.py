"""Bursts of signed requests at once, through the real HTTP entry: never a 5xx, one row each.

Slack sends a workspace's requests in parallel: a newcomer clicking around, a team saving
settings after a meeting, everyone typing `/career-prep` at 10:00. On SQLite a transaction
that reads and then writes must hold the write lock from its BEGIN (else "database is
locked" at once, whatever the busy timeout); on Postgres racing first sights must not
trip a unique constraint.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.blocks.goals import goal_form
from bot.blocks.ids import Home as HomeIds
from bot.blocks.prep import prep_modal
from bot.blocks.settings import settings_modal
from bot.models import Goal, Mentorship, Person, Prep, ProcessedEvent, Workspace
from bot.services.org.settings import CurrentSettings
from bot.services.prep.drafts import Draft
from tests.support import slack_requests
from tests.support.app_server import AppServer
from tests.support.fakeslack.fixtures import STRANGER
from tests.support.slack_forms import state_values
from tests.support.slack_ui import eventually

TEAM = "T0TEST0001"
TODAY = datetime.now(UTC).date()
NEWCOMER = "U0NEWCOMER1"
BOSS = "U0BOSSBOSS1"  # everyone's new manager: nobody the bot has seen yet
MENTORS = ["U0MENTOR001", "U0MENTOR002"]

BLANK_SETTINGS = CurrentSettings(
    manager_user_id=None,
    manager_from_directory=False,
    mentor_user_ids=[],
    cadence="quarterly",
    paused_until=None,
    tz_override=None,
)


def _people(count: int, prefix: str = "U0PEOPLE") -> list[str]:
    return [f"{prefix}{n:03d}" for n in range(count)]


@pytest.fixture
def failures(caplog: pytest.LogCaptureFixture) -> Callable[[], list[str]]:
    """Errors any listener logged, also those raised after the ack (they answer no 5xx)."""
    caplog.set_level(logging.ERROR)

    def logged() -> list[str]:
        return [
            f"{r.name}: {r.getMessage()} {r.exc_info[1]!r}" if r.exc_info else r.getMessage()
            for r in caplog.records
            if r.levelno >= logging.ERROR
        ]

    return logged


def _at_once(app_server: AppServer, bodies: Sequence[bytes]) -> list[tuple[int, bytes]]:
    """POST every body at the same moment (a barrier releases them together)."""
    start = threading.Barrier(len(bodies))

    def send(body: bytes) -> tuple[int, bytes]:
        start.wait()
        status, _, raw = app_server.post(body)
        return status, raw

    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        return list(pool.map(send, bodies))


def _server_errors(answers: list[tuple[int, bytes]]) -> list[int]:
    return [status for status, _ in answers if status >= 500]


def _command(app_server: AppServer, word: str, user: str) -> bytes:
    return slack_requests.slash_command(
        word, user_id=user, team_id=TEAM, trigger_id=app_server.fake.issue_trigger_id()
    )


def _settings_save(user: str, view_id: str) -> bytes:
    view = settings_modal(BLANK_SETTINGS)
    answers = {"manager": BOSS, "mentors": MENTORS, "cadence": "monthly"}
    return slack_requests.view_submission(
        user_id=user,
        team_id=TEAM,
        callback_id=view["callback_id"],
        values=state_values(view, answers),
        view_id=view_id,
        blocks=view["blocks"],
    )


def _goal_save(user: str, view_id: str) -> bytes:
    view = goal_form(None, skills=[], today=TODAY)
    answers = {"title": f"Goal of {user}", "experiment": "Try it", "horizon": "short"}
    return slack_requests.view_submission(
        user_id=user,
        team_id=TEAM,
        callback_id=view["callback_id"],
        values=state_values(view, answers),
        private_metadata=view["private_metadata"],
        view_id=view_id,
        blocks=view["blocks"],
    )


def _prep_close(user: str, view_id: str) -> bytes:
    """Closing step 1 of a prep with something typed: `keep_draft` saves it."""
    view = prep_modal(Draft(prep_id=None), step=1)
    return slack_requests.view_closed(
        user_id=user,
        team_id=TEAM,
        callback_id=view["callback_id"],
        private_metadata=view["private_metadata"],
        view_id=view_id,
        values=state_values(view, {"feeling": f"Draft of {user}", "direction": "expert"}),
    )


def _home_click(app_server: AppServer, user: str) -> bytes:
    home = slack_requests.view_object("V0HOME0001", team_id=TEAM, view_type="home")
    return slack_requests.block_actions(
        user_id=user,
        team_id=TEAM,
        action_id=HomeIds.OPEN_SETTINGS,
        trigger_id=app_server.fake.issue_trigger_id(view_id=home["id"]),
        view=home,
    )


def _count(engine: Engine, model: type[Any], *where: Any) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(model).where(*where)).one()


def _people_rows(engine: Engine) -> dict[str, int]:
    """How many person rows each Slack user has."""
    with Session(engine) as session:
        rows = session.exec(
            select(Person.slack_user_id, func.count()).group_by(col(Person.slack_user_id))
        ).all()
    return dict(rows)


# ---- the bursts ---------------------------------------------------------------------------


def test_a_newcomers_twenty_first_requests_at_once_all_succeed(
    app_server: AppServer, engine: Engine, failures: Callable[[], list[str]]
) -> None:
    fake = app_server.fake
    fake.add_user(NEWCOMER, name="nia", tz="America/New_York")
    # The workspace is in use already: only the person is new.
    assert app_server.post(_command(app_server, "help", STRANGER))[0] == 200
    words = ["help", "settings", "goals", "prep"] * 5
    answers = _at_once(app_server, [_command(app_server, w, NEWCOMER) for w in words])

    errors = _server_errors(answers)
    assert errors == [], f"{len(errors)} of {len(answers)} answered 5xx"
    assert [status for status, _ in answers] == [200] * len(words)
    fake.wait_for("views.open", count=15)  # settings, goals, prep: opened after the ack
    assert _people_rows(engine) == {STRANGER: 1, NEWCOMER: 1}
    assert _count(engine, Workspace) == 1
    with Session(engine) as session:
        person = session.exec(select(Person).where(Person.slack_user_id == NEWCOMER)).one()
    assert person.tz == "America/New_York"
    assert failures() == []


def test_ten_people_saving_settings_at_once_all_save(
    app_server: AppServer, engine: Engine, failures: Callable[[], list[str]]
) -> None:
    people = _people(10)
    for user in [*people, BOSS, *MENTORS]:
        app_server.fake.add_user(user)
    # Everyone is known (they opened the modal); the manager and mentors they pick are not.
    for user in people:
        assert app_server.post(_command(app_server, "help", user))[0] == 200

    bodies = [_settings_save(user, f"V0SETTING{n:02d}") for n, user in enumerate(people)]
    answers = _at_once(app_server, bodies)

    errors = _server_errors(answers)
    assert errors == [], f"{len(errors)} of {len(answers)} answered 5xx"
    assert all(json.loads(raw)["response_action"] == "update" for _, raw in answers)
    assert _people_rows(engine) == {user: 1 for user in [*people, BOSS, *MENTORS]}
    with Session(engine) as session:
        boss = session.exec(select(Person).where(Person.slack_user_id == BOSS)).one()
        saved = session.exec(select(Person).where(col(Person.slack_user_id).in_(people))).all()
    assert {(p.manager_id, p.cadence_days) for p in saved} == {(boss.id, 30)}
    assert _count(engine, Mentorship) == 2 * len(people)
    assert failures() == []


def test_fifty_requests_from_ten_people_at_once_get_no_5xx(
    app_server: AppServer, engine: Engine, failures: Callable[[], list[str]]
) -> None:
    people = _people(10)
    for user in [*people, BOSS, *MENTORS]:
        app_server.fake.add_user(user)
    bodies: list[bytes] = []
    for n, user in enumerate(people):
        bodies += [
            _settings_save(user, f"V0SETTING{n:02d}"),  # writes before the ack
            _goal_save(user, f"V0GOALFRM{n:02d}"),  # writes before the ack
            _prep_close(user, f"V0PREPMOD{n:02d}"),  # writes before the ack too
            _command(app_server, "prep", user),  # first sight: a person, a zone
            _home_click(app_server, user),
        ]
    answers = _at_once(app_server, bodies)

    errors = _server_errors(answers)
    assert errors == [], f"{len(errors)} of {len(answers)} answered 5xx"
    assert [status for status, _ in answers] == [200] * len(bodies)
    # Listeners that run after the ack: every draft kept, every modal opened.
    eventually(lambda: _count(engine, Prep) == len(people))
    app_server.fake.wait_for("views.open", count=2 * len(people))
    assert _people_rows(engine) == {user: 1 for user in [*people, BOSS, *MENTORS]}
    assert _count(engine, Goal) == len(people)
    assert _count(engine, Mentorship) == 2 * len(people)
    assert failures() == []


def test_two_hundred_slash_commands_in_bursts_of_fifty_are_all_answered(
    app_server: AppServer, engine: Engine, failures: Callable[[], list[str]]
) -> None:
    people = _people(50, prefix="U0BURST")
    for user in people:
        app_server.fake.add_user(user, tz="Europe/Paris")
    words = ["help", "settings", "goals", "prep", "help"]
    tried: list[tuple[int, bytes]] = []
    for burst in range(4):  # the first burst meets 50 newcomers, the others known people
        bodies = [
            _command(app_server, words[(burst + n) % len(words)], user)
            for n, user in enumerate(people)
        ]
        tried += _at_once(app_server, bodies)

    errors = _server_errors(tried)
    assert errors == [], f"{len(errors)} of {len(tried)} answered 5xx"
    assert [status for status, _ in tried] == [200] * 200
    assert _people_rows(engine) == {user: 1 for user in people}
    assert _count(engine, Workspace) == 1
    eventually(lambda: _count(engine, Person, col(Person.tz) == "Europe/Paris") == len(people))
    assert failures() == []


def test_one_event_delivered_ten_times_at_once_is_acted_on_once(
    app_server: AppServer, engine: Engine, failures: Callable[[], list[str]]
) -> None:
    event = slack_requests.app_home_opened(NEWCOMER, team_id=TEAM)
    body = slack_requests.event_callback(event, team_id=TEAM, event_id="Ev0BURST00001")
    app_server.fake.add_user(NEWCOMER)
    answers = _at_once(app_server, [body] * 10)

    assert [status for status, _ in answers] == [200] * 10
    app_server.fake.wait_for("views.publish")
    # The nine copies were turned away before their ack: nothing of theirs is still running.
    assert len(app_server.fake.calls_to("views.publish")) == 1
    assert _count(engine, ProcessedEvent) == 1
    assert _people_rows(engine) == {NEWCOMER: 1}
    assert failures() == []
