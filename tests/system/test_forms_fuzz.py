"""Hypothesis fuzzing of every modal the app registers, through signed HTTP.

Values are drawn from what each modal's own blocks allow (their element types and options),
plus hostile text (test_forms_forged.py forges shapes Slack never sends). Every answer must
be below 500, and a submission answered with field errors or a 4xx must write nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from slack_bolt import App
from sqlalchemy.engine import Engine

from bot.app import build_app
from bot.blocks import ids
from bot.config import Settings
from bot.forms import ELEMENT_KINDS, FIELD_KINDS
from tests.support.app_server import AppServer
from tests.support.form_fuzz import FUZZ, OPENERS, Opened, Tally, attempt, submission
from tests.support.hostile_input import TrackingExecutor, inputs


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


def test_every_registered_modal_is_fuzzed(settings: Settings, engine: Engine) -> None:
    """A new modal without an opener here fails: it would go unfuzzed."""
    app = build_app(settings, engine=engine, listener_executor=TrackingExecutor(max_workers=8))
    registered = registered_view_callbacks(app)
    assert registered == set(OPENERS), f"add openers for {registered - set(OPENERS)}"


def _check_kinds(shown: Opened) -> None:
    """`forms.values` reads a field as FIELD_KINDS says: it must agree with the real modal."""
    for view in shown.views:
        for block in inputs(view):
            element = block["element"]
            assert block["block_id"] == element["action_id"]
            assert FIELD_KINDS.get(block["block_id"]) == ELEMENT_KINDS[element["type"]], block


# ---- values Slack can send ----------------------------------------------------------------


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
        attempt(tally, server, engine, shown, view, data.draw(submission(view)))

    run()
    tally.check()
