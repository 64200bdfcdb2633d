"""Hypothesis forging shapes Slack never sends into every modal the app registers, through
signed HTTP: a good-looking submission with one element's key, or one view key, replaced by
junk. Every answer must be a 4xx or field errors, never a 5xx, and a refusal writes nothing.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from bot.forms import ELEMENT_KINDS
from tests.support.app_server import AppServer
from tests.support.form_fuzz import FUZZ, OPENERS, Tally, attempt, submission
from tests.support.hostile_input import CORPUS, TrackingExecutor, inputs

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
    good = submission(view)
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
        attempt(tally, server, engine, shown, view, values, **view_keys)

    run()
    tally.check()
