"""`/career-prep settings` through signed HTTP and the fake Slack."""

import json
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.blocks.ids import Settings as Ids
from bot.db import session_scope
from bot.models import Mentorship, Person
from tests.support import slack_requests
from tests.support.app_server import AppServer
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER
from tests.support.slack_forms import state_values

TEAM = "T0TEST0001"


def _open(app_server: AppServer) -> dict[str, Any]:
    fake = app_server.fake
    before = len(fake.calls_to("views.open"))
    body = slack_requests.slash_command(
        "settings", user_id=EMPLOYEE, team_id=TEAM, trigger_id=fake.issue_trigger_id()
    )
    status, _, _ = app_server.post(body)
    assert status == 200
    view: dict[str, Any] = fake.wait_for("views.open", count=before + 1)[-1].args["view"]
    return view


def _submit(
    app_server: AppServer, view: dict[str, Any], answers: dict[str, Any], user_id: str = EMPLOYEE
) -> dict[str, Any]:
    body = slack_requests.view_submission(
        user_id=user_id,
        team_id=TEAM,
        callback_id=view["callback_id"],
        values=state_values(view, answers),
        blocks=view["blocks"],
    )
    status, _, raw = app_server.post(body)
    assert status == 200, raw
    return json.loads(raw) if raw else {}


def _person(engine: Engine, user_id: str) -> Person:
    with Session(engine) as session:
        return session.exec(select(Person).where(Person.slack_user_id == user_id)).one()


def _mentors(engine: Engine, user_id: str) -> set[str]:
    person = _person(engine, user_id)
    with Session(engine) as session:
        rows = session.exec(select(Mentorship).where(Mentorship.person_id == person.id)).all()
        return {session.get(Person, r.mentor_id).slack_user_id for r in rows}  # type: ignore[union-attr]


def test_settings_open_with_defaults_and_save_everything(
    app_server: AppServer, engine: Engine
) -> None:
    view = _open(app_server)
    assert view["callback_id"] == Ids.MODAL
    names = [b["block_id"] for b in view["blocks"] if b["type"] == "input"]
    assert names == ["manager", "mentors", "cadence", "paused_until", "tz_override"]
    cadence = next(b for b in view["blocks"] if b.get("block_id") == "cadence")
    assert cadence["element"]["initial_option"]["value"] == "quarterly"

    pause = date.today() + timedelta(days=30)
    reply = _submit(
        app_server,
        view,
        {
            "manager": MANAGER,
            "mentors": [STRANGER],
            "cadence": "monthly",
            "paused_until": pause,
            "tz_override": "America/New_York",
        },
    )
    assert reply["response_action"] == "update"
    assert "Saved" in json.dumps(reply["view"])
    person = _person(engine, EMPLOYEE)
    assert (person.cadence_days, person.paused_until, person.tz_override) == (
        30,
        pause,
        "America/New_York",
    )
    assert person.manager_source == "settings"
    assert _person(engine, MANAGER).id == person.manager_id
    assert _mentors(engine, EMPLOYEE) == {STRANGER}
    (home,) = app_server.fake.wait_for("views.publish")
    assert home.args["user_id"] == EMPLOYEE
    assert "Reminders are paused until" in json.dumps(home.args["view"])

    reopened = _open(app_server)
    initial = {b["block_id"]: b["element"] for b in reopened["blocks"] if b["type"] == "input"}
    assert initial["manager"]["initial_user"] == MANAGER
    assert initial["mentors"]["initial_users"] == [STRANGER]
    assert initial["cadence"]["initial_option"]["value"] == "monthly"


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ({"manager": EMPLOYEE}, "manager", "You can't be your own manager"),
        ({"mentors": [EMPLOYEE]}, "mentors", "You can't mentor yourself"),
        ({"paused_until": date(2020, 1, 1)}, "paused_until", "Pick a date after today"),
        ({"tz_override": "Mars/Olympus"}, "tz_override", "isn't a time zone name"),
        ({"tz_override": "<!channel>"}, "tz_override", "isn't a time zone name"),
    ],
)
def test_bad_settings_are_refused_on_their_field_and_nothing_is_saved(
    app_server: AppServer, engine: Engine, answers: dict[str, Any], field: str, message: str
) -> None:
    view = _open(app_server)
    reply = _submit(app_server, view, {"cadence": "monthly", **answers})
    assert reply["response_action"] == "errors"
    assert list(reply["errors"]) == [field]
    assert message in reply["errors"][field]
    assert _person(engine, EMPLOYEE).cadence_days is None


def test_a_report_cannot_become_your_manager(app_server: AppServer, engine: Engine) -> None:
    view = _open(app_server)
    _submit(app_server, view, {"manager": MANAGER, "cadence": "quarterly"})
    # Now the manager tries to pick their own report as their manager.
    fake = app_server.fake
    body = slack_requests.slash_command(
        "settings", user_id=MANAGER, team_id=TEAM, trigger_id=fake.issue_trigger_id()
    )
    app_server.post(body)
    manager_view = fake.wait_for("views.open", count=2)[-1].args["view"]
    reply = _submit(
        app_server, manager_view, {"manager": EMPLOYEE, "cadence": "quarterly"}, user_id=MANAGER
    )
    assert "reports to you" in reply["errors"]["manager"]


def test_a_directory_manager_is_shown_not_editable_and_kept(
    app_server: AppServer, engine: Engine
) -> None:
    _open(app_server)  # creates the people
    with session_scope(engine) as session:
        employee = session.exec(select(Person).where(Person.slack_user_id == EMPLOYEE)).one()
        manager = Person(
            workspace_id=employee.workspace_id, slack_user_id=MANAGER, joined_at=employee.joined_at
        )
        session.add(manager)
        session.flush()
        employee.manager_id, employee.manager_source = manager.id, "csv"
        session.add(employee)
        session.commit()
        manager_id = manager.id
    view = _open(app_server)
    assert "manager" not in [b.get("block_id") for b in view["blocks"]]
    assert f"<@{MANAGER}>" in json.dumps(view["blocks"])
    _submit(app_server, view, {"cadence": "yearly"})
    person = _person(engine, EMPLOYEE)
    assert (person.manager_id, person.manager_source, person.cadence_days) == (
        manager_id,
        "csv",
        365,
    )
