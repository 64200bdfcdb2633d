"""Fuzzing the app's modals through signed HTTP (tests/system/test_forms_*.py): each modal
opened as a person would, answers drawn from what its blocks allow, one submission tried and
tallied (below 500; refused means nothing written)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from bot.blocks import ids
from tests.support import slack_requests
from tests.support.app_server import AppServer
from tests.support.factories import report_to_manager
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER
from tests.support.hostile_input import (
    CORPUS,
    TrackingExecutor,
    by_command,
    inputs,
    snapshot,
)
from tests.support.slack_forms import state_values
from tests.support.slack_ui import click_schedule, opened, reminder_in_dm
from tests.support.world import ADMIN, TEAM

EXAMPLES = 12  # per modal and database; derandomized, so the same ones every run
USERS = (EMPLOYEE, MANAGER, STRANGER, "U0NEWCOMER1")
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)

# ---- opening each modal as a person would ----------------------------------------------------


@dataclass
class Opened:
    views: list[dict[str, Any]]
    user: str
    # Tables a refused submission may still write: prep keeps what was typed in its draft.
    kept_on_errors: frozenset[str] = field(default_factory=frozenset)


def _reply(server: AppServer, view: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    status, raw = _post(server, view, state_values(view, answers), EMPLOYEE)
    assert status == 200, raw
    reply: dict[str, Any] = json.loads(raw)
    return reply


def _open_prep(server: AppServer, engine: Engine) -> Opened:
    first = by_command(server, "prep")
    # Each step replaces the view in place: Slack keeps its id.
    second = {**_reply(server, first, {"feeling": "Fine", "direction": "expert"})["view"]}
    second["id"] = first["id"]
    third = {**_reply(server, second, {"improve": "Estimates"})["view"], "id": first["id"]}
    return Opened([first, second, third], EMPLOYEE, kept_on_errors=frozenset({"prep"}))


def _open_schedule(server: AppServer, engine: Engine) -> Opened:
    ada = report_to_manager(engine)[EMPLOYEE]
    channel, ts = reminder_in_dm(server, engine, ada)
    click_schedule(server, ada, MANAGER, channel, ts)
    call = server.fake.wait_for("views.open")[-1]
    return Opened([opened(call.args["view"], call.response["view"])], MANAGER)


OPENERS: dict[str, Callable[[AppServer, Engine], Opened]] = {
    ids.Settings.MODAL: lambda s, e: Opened([by_command(s, "settings")], EMPLOYEE),
    ids.Log.MODAL: lambda s, e: Opened([by_command(s, "log")], EMPLOYEE),
    ids.Goals.FORM: lambda s, e: Opened([by_command(s, "goals")], EMPLOYEE),
    ids.Skills.FORM: lambda s, e: Opened([by_command(s, "skills")], EMPLOYEE),
    ids.History.PICKER: lambda s, e: Opened([by_command(s, "history")], EMPLOYEE),
    ids.Admin.MODAL: lambda s, e: Opened([by_command(s, "admin", ADMIN)], ADMIN),
    ids.Prep.MODAL: _open_prep,
    ids.Lapse.SCHEDULE_MODAL: _open_schedule,
}

# ---- values Slack can send ----------------------------------------------------------------


def _text(element: dict[str, Any]) -> st.SearchStrategy[str | None]:
    if element["type"] == "number_input":
        low, high = int(element["min_value"]), int(element["max_value"])
        return st.one_of(st.none(), st.integers(low, high).map(str))
    limit = int(element.get("max_length", 3000))
    typed = st.one_of(st.sampled_from(CORPUS), st.text(min_size=1, max_size=40))
    return st.one_of(st.none(), typed.map(lambda t: t[:limit]))


def _answer(element: dict[str, Any]) -> st.SearchStrategy[Any]:
    kind = element["type"]
    if kind in ("plain_text_input", "number_input"):
        return _text(element)
    if kind in ("static_select", "radio_buttons"):
        return st.one_of(st.none(), st.sampled_from([o["value"] for o in element["options"]]))
    if kind == "checkboxes":
        return st.lists(st.sampled_from([o["value"] for o in element["options"]]), unique=True)
    if kind == "users_select":
        return st.one_of(st.none(), st.sampled_from(USERS))
    if kind == "multi_users_select":
        return st.lists(st.sampled_from(USERS), unique=True, max_size=len(USERS))
    if kind == "datepicker":
        today = date.today()
        return st.one_of(
            st.none(), st.dates(today - timedelta(days=3700), today + timedelta(days=3700))
        )
    raise AssertionError(f"no strategy for {kind} inputs")


def submission(view: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    answers = {b["block_id"]: _answer(b["element"]) for b in inputs(view)}
    return st.fixed_dictionaries(answers).map(lambda a: state_values(view, a))


def _post(
    server: AppServer, view: dict[str, Any], values: Any, user: str, **forged: Any
) -> tuple[int, bytes]:
    sent = {**view, "state": {"values": values}, **forged}
    payload = slack_requests._view_payload(
        "view_submission", user, TEAM, sent, "1000001.4000000001.0123456789abcdef"
    )
    status, _, raw = server.post(slack_requests._form_payload(payload))
    return status, raw


@dataclass
class Tally:
    tried: int = 0
    failures: list[str] = field(default_factory=list)

    def check(self) -> None:
        shown = "\n".join(self.failures[:5])
        assert not self.failures, f"{len(self.failures)} of {self.tried} failed:\n{shown}"


def attempt(
    tally: Tally,
    server: tuple[AppServer, TrackingExecutor],
    engine: Engine,
    shown: Opened,
    view: dict[str, Any],
    values: Any,
    **forged: Any,
) -> None:
    app_server, listeners = server
    tally.tried += 1
    before = snapshot(engine, skip=shown.kept_on_errors)
    status, raw = _post(app_server, view, values, shown.user, **forged)
    listeners.settle()
    case = f"{status} for {json.dumps({'values': values, **forged}, default=str)[:300]}"
    if status >= 500:
        tally.failures.append(case)
        return
    reply = json.loads(raw) if status == 200 and raw else {}
    # Our refusals: a 400 or field errors. (Bolt answers 404 when a listener is slower than
    # Slack's 3 seconds to ack, as on a loaded machine; that listener still saves in full.)
    refused = status == 400 or reply.get("response_action") == "errors"
    if refused and snapshot(engine, skip=shown.kept_on_errors) != before:
        tally.failures.append(f"partial write: {case}")
