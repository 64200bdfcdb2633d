"""Hypothesis fuzzing of every modal the app registers, through signed HTTP.

Values are drawn from what each modal's own blocks allow (their element types and options),
plus hostile text; a second run forges shapes Slack never sends. Every answer must be below
500, and a submission answered with field errors or a 4xx must write nothing.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from slack_bolt import App
from sqlalchemy.engine import Engine

from bot.app import build_app
from bot.blocks import ids
from bot.config import Settings
from bot.forms import ELEMENT_KINDS, FIELD_KINDS
from tests.support import slack_requests
from tests.support.app_server import AppServer
from tests.support.factories import report_to_manager
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER
from tests.support.hostile_input import (
    CORPUS,
    TrackingExecutor,
    by_command,
    inputs,
    snapshot,
    tracked_server,
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


def registered_view_callbacks(app: App) -> set[str]:
    """Every callback id of ids.py that some view_submission listener of `app` answers."""
    every = {member.value for group in vars(ids).values() if _is_ids(group) for member in group}
    found = set()
    for listener in app._listeners:
        for callback in every:
            body = {"type": "view_submission", "view": {"callback_id": callback}}
            if all(_matches(m, body) for m in listener.matchers):
                found.add(callback)
    return found


def _is_ids(group: object) -> bool:
    return isinstance(group, type) and issubclass(group, ids.StrEnum) and group is not ids.StrEnum


def _matches(matcher: Any, body: dict[str, Any]) -> bool:
    try:
        return bool(matcher.func(body))
    except (KeyError, TypeError, AttributeError):
        return False


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
    channel, ts = reminder_in_dm(server, ada)
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


def test_every_registered_modal_is_fuzzed(settings: Settings, engine: Engine) -> None:
    """A new modal without an opener here fails: it would go unfuzzed."""
    app = build_app(settings, engine=engine, listener_executor=TrackingExecutor(max_workers=8))
    registered = registered_view_callbacks(app)
    assert registered == set(OPENERS), f"add openers for {registered - set(OPENERS)}"


@pytest.fixture
def server(
    settings: Settings, engine: Engine, fake_slack: FakeSlack
) -> Iterator[tuple[AppServer, TrackingExecutor]]:
    fake_slack.add_user(ADMIN, email="root@example.com", name="root", is_admin=True)
    with tracked_server(settings, engine, fake_slack) as running:
        yield running


def _check_kinds(shown: Opened) -> None:
    """`forms.values` reads a field as FIELD_KINDS says: it must agree with the real modal."""
    for view in shown.views:
        for block in inputs(view):
            element = block["element"]
            assert block["block_id"] == element["action_id"]
            assert FIELD_KINDS.get(block["block_id"]) == ELEMENT_KINDS[element["type"]], block


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


def _submission(view: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
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


def _try(
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


@pytest.mark.parametrize("callback", sorted(OPENERS))
def test_fuzzed_submissions_are_saved_or_refused_on_fields_never_a_5xx(
    server: tuple[AppServer, TrackingExecutor], engine: Engine, callback: str
) -> None:
    shown = OPENERS[callback](server[0], engine)
    server[1].settle()
    _check_kinds(shown)
    tally = Tally()
    views = st.sampled_from(shown.views)

    @FUZZ
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        view = data.draw(views)
        _try(tally, server, engine, shown, view, data.draw(_submission(view)))

    run()
    tally.check()


# ---- shapes Slack never sends ---------------------------------------------------------------

JUNK = st.sampled_from([None, 5, 1.5, True, "x", "", [], ["U0EMPLOYEE1"], {}, {"value": 5}])
ELEMENT_FORGERIES: dict[str, st.SearchStrategy[Any]] = {
    "value": st.one_of(JUNK, st.sampled_from(CORPUS)),
    "selected_option": st.one_of(
        JUNK,
        st.sampled_from(
            [{"text": {"type": "plain_text", "text": "x"}}, {"value": None}, {"value": "\x00"}]
        ),
        st.text(max_size=300).map(lambda v: {"value": v}),
    ),
    "selected_options": st.one_of(JUNK, st.lists(JUNK, max_size=3)),
    "selected_user": st.one_of(JUNK, st.sampled_from(CORPUS)),
    "selected_users": st.one_of(JUNK, st.lists(st.one_of(JUNK, st.sampled_from(CORPUS)))),
    "selected_date": st.one_of(
        JUNK, st.sampled_from(["2024-13-45", "tomorrow", "99999-01-01", "2024-1-1", "\x00"])
    ),
    "type": st.sampled_from([*ELEMENT_KINDS, "button", None, 7]),
}
VIEW_FORGERIES: dict[str, st.SearchStrategy[Any]] = {
    "state": st.one_of(JUNK, st.just({"values": ["x"]}), st.just({"values": {"a": "b"}})),
    "private_metadata": st.one_of(JUNK, st.sampled_from(["-1", "999999", "1:9", "\x00", "{}"])),
    "previous_view_id": st.one_of(JUNK, st.just("V0NOSUCH01")),
    "callback_id": JUNK,
    "id": JUNK,
}


def _forged(view: dict[str, Any]) -> st.SearchStrategy[tuple[Any, dict[str, Any]]]:
    """A good-looking state with one element's key, or one view key, replaced by junk."""
    good = _submission(view)
    names = [b["block_id"] for b in inputs(view)]

    @st.composite
    def forge(draw: st.DrawFn) -> tuple[Any, dict[str, Any]]:
        values = copy.deepcopy(draw(good))
        if names and draw(st.booleans()):
            name = draw(st.sampled_from(names))
            key = draw(st.sampled_from(sorted(ELEMENT_FORGERIES)))
            values[name][name][key] = draw(ELEMENT_FORGERIES[key])
            return values, {}
        key = draw(st.sampled_from(sorted(VIEW_FORGERIES)))
        return values, {key: draw(VIEW_FORGERIES[key])}

    return forge()


@pytest.mark.parametrize("callback", sorted(OPENERS))
def test_forged_shapes_are_a_4xx_or_field_errors_never_a_5xx(
    server: tuple[AppServer, TrackingExecutor], engine: Engine, callback: str
) -> None:
    shown = OPENERS[callback](server[0], engine)
    server[1].settle()
    tally = Tally()
    views = st.sampled_from(shown.views)

    @FUZZ
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        view = data.draw(views)
        values, view_keys = data.draw(_forged(view))
        _try(tally, server, engine, shown, view, values, **view_keys)

    run()
    tally.check()
