"""The prep modal as the prep tests drive it: people, steps typed in, what Slack received."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.db import session_scope
from bot.models import Prep
from tests.support import slack_requests
from tests.support.app_server import AppServer
from tests.support.factories import add_person
from tests.support.fakeslack.blockkit import check_message_blocks, check_view
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER

TEAM = "T0TEST0001"
NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
PING = "<!channel> and <@U0STRANGER1>"
STEP_1 = {"feeling": f"Mostly good. {PING}", "direction": "expert", "passions": "Debugging"}
STEP_2 = {"improve": "Public speaking, to share what we build", "learn": "Rust & <b>SQL</b>"}


def add_people(engine: Engine, *, manager: bool = True) -> dict[str, int]:
    with session_scope(engine) as session:
        found = {
            user: add_person(session, user, slack_team=TEAM, now=NOW)
            for user in (EMPLOYEE, MANAGER, STRANGER)
        }
        if manager:
            found[EMPLOYEE].manager_id = found[MANAGER].id
            session.add(found[EMPLOYEE])
        return {user: person.id for user, person in found.items() if person.id is not None}


def state_of(fields: dict[str, Any]) -> dict[str, Any]:
    """`view.state.values` as Slack sends it for these field values."""
    values: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "direction":
            selected = {"text": {"type": "plain_text", "text": value}, "value": value}
            element: dict[str, Any] = {"type": "radio_buttons", "selected_option": selected}
        elif name == "partner":
            element = {"type": "users_select", "selected_user": value}
        elif name == "share":
            chosen = [{"text": {"type": "plain_text", "text": "Share"}, "value": "yes"}]
            element = {"type": "checkboxes", "selected_options": chosen if value else []}
        else:
            element = {"type": "plain_text_input", "value": value}
        values[name] = {name: element}
    return values


def open_prep(app_server: AppServer, text: str = "", user: str = EMPLOYEE) -> dict[str, Any]:
    fake = app_server.fake
    before = len(fake.calls_to("views.open"))
    body = slack_requests.slash_command(
        text, user_id=user, team_id=TEAM, trigger_id=fake.issue_trigger_id()
    )
    status, _, raw = app_server.post(body)
    assert status == 200, raw
    call = fake.wait_for("views.open", before + 1)[-1]
    assert call.ok, call.error
    view: dict[str, Any] = call.args["view"]
    assert check_view(view) == []
    view["id"], view["hash"] = call.response["view"]["id"], call.response["view"]["hash"]
    return view


def submit_step(
    app_server: AppServer, view: dict[str, Any], fields: dict[str, Any], user: str = EMPLOYEE
) -> dict[str, Any]:
    body = slack_requests.view_submission(
        user_id=user,
        team_id=TEAM,
        callback_id=view["callback_id"],
        values=state_of(fields),
        private_metadata=view["private_metadata"],
        view_id=view.get("id", "V0MODAL001"),
    )
    status, _, raw = app_server.post(body)
    assert status == 200, raw
    reply: dict[str, Any] = json.loads(raw)
    if "view" in reply:
        assert check_view(reply["view"]) == []
        reply["view"]["id"] = view.get("id", "V0MODAL001")
    return reply


def close_prep(
    app_server: AppServer, view: dict[str, Any], fields: dict[str, Any], user: str = EMPLOYEE
) -> None:
    body = slack_requests.view_closed(
        user_id=user,
        team_id=TEAM,
        callback_id=view["callback_id"],
        private_metadata=view["private_metadata"],
        view_id=view.get("id", "V0MODAL001"),
        values=state_of(fields),
    )
    status, _, raw = app_server.post(body)
    assert status == 200, raw


def through_steps(app_server: AppServer, *steps: dict[str, Any]) -> dict[str, Any]:
    """Open the modal and submit each step in turn; the last reply is returned."""
    view = open_prep(app_server)
    reply: dict[str, Any] = {}
    for fields in steps:
        reply = submit_step(app_server, view, fields)
        if reply.get("response_action") == "update":
            view = reply["view"]
    return reply


def preps_of(engine: Engine, person_id: int) -> list[Prep]:
    with Session(engine) as session:
        return list(session.exec(select(Prep).where(Prep.person_id == person_id)))


def field_of(view: dict[str, Any], name: str) -> dict[str, Any]:
    block = next(b for b in view["blocks"] if b.get("block_id") == name)
    element: dict[str, Any] = block["element"]
    return element


def text_of(message: dict[str, Any]) -> str:
    return "\n".join(
        b.get("text", {}).get("text", "") if b["type"] == "section" else json.dumps(b)
        for b in message["blocks"]
    )


def dms_sent(app_server: AppServer, count: int) -> dict[str, dict[str, Any]]:
    calls = app_server.fake.wait_for("chat.postMessage", count)
    for call in calls:
        assert call.ok, call.error
        assert call.args["text"]
        assert check_message_blocks(call.args["blocks"]) == []
    return {call.args["channel"]: call.args for call in calls}
