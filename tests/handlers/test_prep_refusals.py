"""`/career-prep prep` refusals: bad input on its field, nobody else's prep, nothing sent twice."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from bot.blocks.ids import Prep as Ids
from tests.support.app_server import AppServer
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER
from tests.support.prep_modal import (
    STEP_1,
    STEP_2,
    add_people,
    close_prep,
    dms_sent,
    field_of,
    open_prep,
    preps_of,
    submit_step,
)

# ---- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("step", "fields", "wrong"),
    [
        (1, {"passions": "Only this"}, {"feeling", "direction"}),
        (1, {**STEP_1, "strengths": "x" * 2001}, {"strengths"}),
        (2, {"learn": "Only this"}, {"improve"}),
        (3, {"partner": EMPLOYEE, "share": True}, {"partner"}),
        (3, {"share": True, "support": "y" * 2500}, {"partner", "support"}),
    ],
    ids=["required", "too long", "required step 2", "yourself", "no partner, too long"],
)
def test_bad_input_is_shown_on_its_field_and_nothing_typed_is_lost(
    app_server: AppServer, engine: Engine, step: int, fields: dict[str, Any], wrong: set[str]
) -> None:
    people = add_people(engine)
    view = open_prep(app_server)
    for earlier in (STEP_1, STEP_2)[: step - 1]:
        view = submit_step(app_server, view, earlier)["view"]
    reply = submit_step(app_server, view, fields)
    assert reply["response_action"] == "errors"
    assert set(reply["errors"]) == wrong
    (draft,) = preps_of(engine, people[EMPLOYEE])
    assert draft.submitted_at is None
    for name, value in fields.items():
        if name in ("feeling", "passions", "strengths", "learn", "support"):
            assert draft.answers[name] == value  # kept, even when too long
    assert draft.partner_id is None or draft.partner_id != people[EMPLOYEE]
    assert app_server.fake.calls_to("chat.postMessage") == []


def test_sending_with_an_earlier_step_missing_goes_back_to_it(
    app_server: AppServer, engine: Engine
) -> None:
    people = add_people(engine)
    view = open_prep(app_server)
    forged = {**view, "private_metadata": json.dumps({"prep": None, "step": 3})}
    reply = submit_step(app_server, forged, {"partner": MANAGER, "share": True})
    assert reply["response_action"] == "update"
    assert json.loads(reply["view"]["private_metadata"])["step"] == 1
    (draft,) = preps_of(engine, people[EMPLOYEE])
    assert draft.submitted_at is None and draft.partner_id == people[MANAGER]
    assert app_server.fake.calls_to("chat.postMessage") == []


# ---- trust ----------------------------------------------------------------------------------


def test_a_stranger_cannot_write_to_someone_elses_prep(
    app_server: AppServer, engine: Engine
) -> None:
    people = add_people(engine)
    view = open_prep(app_server)
    second = submit_step(app_server, view, STEP_1)["view"]
    (before,) = preps_of(engine, people[EMPLOYEE])

    third = {
        **second,
        "private_metadata": second["private_metadata"].replace('"step": 2', '"step": 3'),
    }
    reply = submit_step(app_server, third, {"partner": MANAGER, "share": True}, user=STRANGER)
    assert reply["response_action"] == "update"
    assert reply["view"]["callback_id"] == Ids.REFUSED
    close_prep(app_server, second, {"improve": "Overwritten!"}, user=STRANGER)

    (after,) = preps_of(engine, people[EMPLOYEE])
    assert after.answers == before.answers and after.submitted_at is None
    assert after.partner_id is None
    assert preps_of(engine, people[STRANGER]) == []
    assert app_server.fake.calls_to("chat.postMessage") == []


def test_a_sent_prep_cannot_be_sent_or_changed_again(app_server: AppServer, engine: Engine) -> None:
    people = add_people(engine)
    view = open_prep(app_server)
    second = submit_step(app_server, view, STEP_1)["view"]
    third = submit_step(app_server, second, STEP_2)["view"]
    submit_step(app_server, third, {"partner": MANAGER, "share": True})
    dms_sent(app_server, 2)
    again = submit_step(app_server, third, {"partner": MANAGER, "share": True})
    assert again["view"]["callback_id"] == Ids.REFUSED
    time.sleep(0.2)
    assert len(app_server.fake.calls_to("chat.postMessage")) == 2
    (prep,) = preps_of(engine, people[EMPLOYEE])
    assert prep.submitted_at is not None

    fresh = open_prep(app_server)  # a new prep starts blank, the sent one stays as it was
    assert json.loads(fresh["private_metadata"])["prep"] is None
    assert "initial_value" not in field_of(fresh, "feeling")
