"""Issue 10, finding 8 (part): zone names that are folders, NUL in typed text, SQL
parameters in error logs, and payload shapes Slack never sends."""

from __future__ import annotations

import json
import logging
from datetime import UTC
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from bot.blocks.ids import Prep as PrepIds
from bot.db import make_engine, session_scope
from bot.models import Goal, Person, Prep
from bot.services.org.zones import zone_of
from bot.timing import zone_named
from tests.support import slack_requests
from tests.support.answers import GOAL_ANSWERS
from tests.support.app_server import AppServer
from tests.support.databases import Database
from tests.support.fakeslack.fixtures import EMPLOYEE
from tests.support.slack_forms import state_values
from tests.support.slack_ui import eventually, open_by_command, submit
from tests.support.world import TEAM


def _person(engine: Engine) -> Person:
    with Session(engine) as session:
        return session.exec(select(Person).where(Person.slack_user_id == EMPLOYEE)).one()


@pytest.mark.parametrize("zone", ["Europe", "America/Argentina", "Etc", "../../etc/passwd"])
def test_a_zone_name_that_is_a_folder_is_a_field_error_not_a_500(
    app_server: AppServer, engine: Engine, zone: str
) -> None:
    view = open_by_command(app_server, "settings")
    reply = submit(app_server, view, {"cadence": "monthly", "tz_override": zone})
    assert reply["response_action"] == "errors"
    assert "isn't a time zone name" in reply["errors"]["tz_override"]
    assert _person(engine).tz_override is None


def test_a_stored_zone_that_is_a_folder_falls_back_safely(
    app_server: AppServer, engine: Engine
) -> None:
    assert zone_named("Europe", "America/Argentina", "Europe/Berlin") == ZoneInfo("Europe/Berlin")
    assert zone_named("America/Argentina") == UTC
    open_by_command(app_server, "settings")  # the person exists
    # Their zone from Slack arrives after the ack; the folder must not be overwritten by it.
    eventually(lambda: _person(engine).tz_fetched_at is not None)
    with session_scope(engine) as session:
        person = session.exec(select(Person).where(Person.slack_user_id == EMPLOYEE)).one()
        person.tz_override, person.tz = "Europe", "America/Argentina"
        session.add(person)
    assert zone_of(_person(engine)) == UTC
    # Every flow that reads the zone still works: the log modal opens with a local "today".
    assert open_by_command(app_server, "log")["callback_id"] == "log_modal"


def test_nul_in_typed_text_is_dropped_and_the_goal_saved(
    app_server: AppServer, engine: Engine
) -> None:
    """NUL is stripped, not refused: nobody can see or mean it, and PostgreSQL can't store it."""
    view = open_by_command(app_server, "goals")
    answers = {**GOAL_ANSWERS, "title": "Speak\x00 at a meetup", "relevant": "\x00"}
    reply = submit(app_server, view, answers)
    assert reply.get("response_action") != "errors", reply
    with Session(engine) as session:
        (goal,) = session.exec(select(Goal)).all()
    assert (goal.title, goal.relevant or "") == ("Speak at a meetup", "")


def test_nul_in_slash_command_text_is_no_500(app_server: AppServer) -> None:
    fake = app_server.fake
    for words in ("\x00", "log\x00", "\x00settings", "<!channel>\x00"):
        body = slack_requests.slash_command(
            words, user_id=EMPLOYEE, team_id=TEAM, trigger_id=fake.issue_trigger_id()
        )
        status, _, raw = app_server.post(body)
        assert status == 200, raw


def test_a_failing_statement_does_not_log_its_parameters(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "shared notes: my manager is awful"
    engine = make_engine(database.url)
    try:
        with pytest.raises(DBAPIError) as failed, engine.connect() as connection:
            connection.execute(
                text("INSERT INTO person (id, slack_user_id) VALUES (:id, :secret)"),
                {"id": "not a number", "secret": secret},
            )
    finally:
        engine.dispose()
    logging.getLogger("bot").exception("as the error handler logs it", exc_info=failed.value)
    assert "SQL parameters hidden" in str(failed.value)
    assert secret not in str(failed.value)
    assert secret not in caplog.text


def _post_view(app_server: AppServer, view: dict[str, Any], values: Any) -> tuple[int, bytes]:
    sent = {**view, "state": {"values": values}}
    payload = slack_requests._view_payload("view_submission", EMPLOYEE, TEAM, sent, "1.2.3")
    status, _, raw = app_server.post(slack_requests._form_payload(payload))
    return status, raw


@pytest.mark.parametrize(
    ("field", "key", "forged"),
    [
        ("cadence", "selected_option", None),  # required field left empty: a field error
        ("cadence", "selected_option", "monthly"),
        ("cadence", "selected_option", {"text": "no value"}),
        ("paused_until", "selected_date", "2026-02-30"),
        ("paused_until", "selected_date", 20260101),
        ("mentors", "selected_users", "U0STRANGER1"),
        ("mentors", "selected_users", ["<!channel>"]),
        ("manager", "selected_user", "<!channel>"),
        ("tz_override", "value", 5),
        ("tz_override", "type", "datepicker"),
    ],
)
def test_forged_settings_shapes_are_refused_and_write_nothing(
    app_server: AppServer, engine: Engine, field: str, key: str, forged: Any
) -> None:
    view = open_by_command(app_server, "settings")
    values = state_values(view, {"cadence": "monthly"})
    values[field][field][key] = forged
    status, raw = _post_view(app_server, view, values)
    if forged is None:
        assert status == 200 and list(json.loads(raw)["errors"]) == ["cadence"]
    else:
        assert status == 400, raw
    assert _person(engine).cadence_days is None


@pytest.mark.parametrize("state", ["x", {"values": ["x"]}, {"values": {"cadence": "x"}}])
def test_a_forged_state_is_a_400(app_server: AppServer, engine: Engine, state: Any) -> None:
    view = open_by_command(app_server, "settings")
    payload = slack_requests._view_payload(
        "view_submission", EMPLOYEE, TEAM, {**view, "state": state}, "1.2.3"
    )
    status, _, _ = app_server.post(slack_requests._form_payload(payload))
    assert status == 400
    assert _person(engine).cadence_days is None


def _preps(engine: Engine) -> list[Prep]:
    with Session(engine) as session:
        return list(session.exec(select(Prep)).all())


@pytest.mark.parametrize(
    "forged",
    [
        {"feeling": {"feeling": {"type": "plain_text_input", "value": ["a list"]}}},
        {"direction": {"direction": {"type": "radio_buttons", "selected_option": "expert"}}},
        {"feeling": {"feeling": {"type": "datepicker", "selected_date": "2026-01-01"}}},
    ],
)
def test_forged_shapes_in_a_closed_or_back_prep_modal_are_a_400_and_keep_nothing(
    app_server: AppServer, engine: Engine, forged: dict[str, Any]
) -> None:
    view = open_by_command(app_server, "prep")
    closed = slack_requests.view_closed(
        user_id=EMPLOYEE,
        team_id=TEAM,
        callback_id=view["callback_id"],
        private_metadata=view["private_metadata"],
        values=forged,
    )
    status, _, _ = app_server.post(closed)
    assert status == 400
    back = slack_requests.block_actions(
        user_id=EMPLOYEE,
        team_id=TEAM,
        action_id=PrepIds.BACK,
        block_id=PrepIds.BACK,
        trigger_id=app_server.fake.issue_trigger_id(view_id=view["id"]),
        view={**view, "state": {"values": forged}},
    )
    status, _, _ = app_server.post(back)
    assert status == 400
    assert _preps(engine) == []
    assert app_server.fake.calls_to("views.update") == []


def test_nul_in_a_slash_command_word_is_ignored(app_server: AppServer) -> None:
    view = open_by_command(app_server, "sett\x00ings")
    assert view["callback_id"] == "settings_modal"
