"""`/career-prep admin` as the admin tests drive it: the command, the modal filled in, the rows."""

from __future__ import annotations

import json
import time
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.models import Person, Workspace
from tests.support import slack_requests
from tests.support.app_server import AppServer
from tests.support.fakeslack.fixtures import STRANGER
from tests.support.slack_forms import state_values
from tests.support.world import ADMIN

TEAM = "T0TEST0001"
OWNER = "U0OWNER0001"


GOOD = {
    "cadence": "monthly",
    "quiet_start": "20",
    "quiet_end": "7",
    "digest_weekday": "4",
    "digest_hour": "15",
    "min_group_size": "5",
    "weekly_nudge_cap": "2",
    "retention_months": "24",
    "admins": [STRANGER],
}


def run_admin_command(app_server: AppServer, user_id: str) -> dict[str, Any] | None:
    """Run `/career-prep admin` as `user_id`: the modal it opened, or None."""
    fake = app_server.fake
    opened = len(fake.calls_to("views.open"))
    answered = len(fake.calls_to("response_url"))
    body = slack_requests.slash_command(
        "admin", user_id=user_id, team_id=TEAM, trigger_id=fake.issue_trigger_id()
    )
    status, _, _ = app_server.post(body)
    assert status == 200
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if len(fake.calls_to("views.open")) > opened:
            view: dict[str, Any] = fake.calls_to("views.open")[-1].args["view"]
            return view
        if len(fake.calls_to("response_url")) > answered:
            return None
        time.sleep(0.01)
    raise AssertionError("the command neither opened a modal nor answered")


def open_admin(app_server: AppServer, user_id: str = ADMIN) -> dict[str, Any]:
    view = run_admin_command(app_server, user_id)
    assert view is not None, "the admin modal did not open"
    return view


def submit_form(
    app_server: AppServer,
    view: dict[str, Any],
    answers: dict[str, Any],
    *,
    user_id: str = ADMIN,
    forged: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Submit `view` filled with `answers`; `forged` sets raw values no option offers."""
    values = state_values(view, answers)
    for name, raw in (forged or {}).items():
        kind = values[name][name]["type"]
        if kind == "static_select":
            values[name][name]["selected_option"] = {
                "text": {"type": "plain_text", "text": raw},
                "value": raw,
            }
        elif kind == "multi_users_select":
            values[name][name]["selected_users"] = [raw]
        else:
            values[name][name]["value"] = raw
    body = slack_requests.view_submission(
        user_id=user_id,
        team_id=TEAM,
        callback_id=view["callback_id"],
        values=values,
        blocks=view["blocks"],
    )
    status, _, raw_reply = app_server.post(body)
    assert status == 200, raw_reply
    return json.loads(raw_reply) if raw_reply else {}


def _workspace(engine: Engine) -> Workspace:
    with Session(engine) as session:
        return session.exec(select(Workspace).where(Workspace.slack_team_id == TEAM)).one()


def saved_away_words(engine: Engine) -> str | None:
    return _workspace(engine).away_words


def saved_settings(engine: Engine) -> tuple[Any, ...]:
    w = _workspace(engine)
    return (
        w.default_cadence_days,
        w.quiet_hours_start,
        w.quiet_hours_end,
        w.digest_weekday,
        w.digest_hour,
        w.min_group_size,
        w.weekly_nudge_cap,
        w.retention_months,
    )


def admin_ids(engine: Engine) -> set[str]:
    with Session(engine) as session:
        people = session.exec(select(Person).where(Person.is_admin == True)).all()  # noqa: E712
        return {p.slack_user_id for p in people}


DEFAULTS = (90, 18, 9, 0, 9, 3, 3, None)
