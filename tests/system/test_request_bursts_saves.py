"""Bursts of saves at once (settings, goals, prep drafts, Home clicks), through the real HTTP
entry: never a 5xx, every save kept, one person row each, however many first sights race."""

from __future__ import annotations

import json
from collections.abc import Callable

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.blocks.goals import goal_form
from bot.blocks.ids import Home as HomeIds
from bot.blocks.prep import prep_modal
from bot.blocks.settings import settings_modal
from bot.models import Goal, Mentorship, Person, Prep
from bot.services.org.settings import CurrentSettings
from bot.services.prep.drafts import Draft
from tests.support import slack_requests
from tests.support.app_server import AppServer
from tests.support.bursts import (
    BOSS,
    MENTORS,
    TEAM,
    TODAY,
    at_once,
    command,
    count,
    people_rows,
    server_errors,
    some_people,
)
from tests.support.slack_forms import state_values
from tests.support.slack_ui import eventually

BLANK_SETTINGS = CurrentSettings(
    manager_user_id=None,
    manager_from_directory=False,
    mentor_user_ids=[],
    cadence="quarterly",
    paused_until=None,
    tz_override=None,
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


def test_ten_people_saving_settings_at_once_all_save(
    app_server: AppServer, engine: Engine, failures: Callable[[], list[str]]
) -> None:
    people = some_people(10)
    for user in [*people, BOSS, *MENTORS]:
        app_server.fake.add_user(user)
    # Everyone is known (they opened the modal); the manager and mentors they pick are not.
    for user in people:
        assert app_server.post(command(app_server, "help", user))[0] == 200

    bodies = [_settings_save(user, f"V0SETTING{n:02d}") for n, user in enumerate(people)]
    answers = at_once(app_server, bodies)

    errors = server_errors(answers)
    assert errors == [], f"{len(errors)} of {len(answers)} answered 5xx"
    assert all(json.loads(raw)["response_action"] == "update" for _, raw in answers)
    assert people_rows(engine) == {user: 1 for user in [*people, BOSS, *MENTORS]}
    with Session(engine) as session:
        boss = session.exec(select(Person).where(Person.slack_user_id == BOSS)).one()
        saved = session.exec(select(Person).where(col(Person.slack_user_id).in_(people))).all()
    assert {(p.manager_id, p.cadence_days) for p in saved} == {(boss.id, 30)}
    assert count(engine, Mentorship) == 2 * len(people)
    assert failures() == []


def test_fifty_requests_from_ten_people_at_once_get_no_5xx(
    app_server: AppServer, engine: Engine, failures: Callable[[], list[str]]
) -> None:
    people = some_people(10)
    for user in [*people, BOSS, *MENTORS]:
        app_server.fake.add_user(user)
    bodies: list[bytes] = []
    for n, user in enumerate(people):
        bodies += [
            _settings_save(user, f"V0SETTING{n:02d}"),  # writes before the ack
            _goal_save(user, f"V0GOALFRM{n:02d}"),  # writes before the ack
            _prep_close(user, f"V0PREPMOD{n:02d}"),  # writes before the ack too
            command(app_server, "prep", user),  # first sight: a person, a zone
            _home_click(app_server, user),
        ]
    answers = at_once(app_server, bodies)

    errors = server_errors(answers)
    assert errors == [], f"{len(errors)} of {len(answers)} answered 5xx"
    assert [status for status, _ in answers] == [200] * len(bodies)
    # Listeners that run after the ack: every draft kept, every modal opened.
    eventually(lambda: count(engine, Prep) == len(people))
    app_server.fake.wait_for("views.open", count=2 * len(people))
    assert people_rows(engine) == {user: 1 for user in [*people, BOSS, *MENTORS]}
    assert count(engine, Goal) == len(people)
    assert count(engine, Mentorship) == 2 * len(people)
    assert failures() == []
