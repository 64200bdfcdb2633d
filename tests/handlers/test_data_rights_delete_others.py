"""`/career-prep delete`: who may erase, a record removed outright, an erased partner to others."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.blocks.ids import Recap as RecapIds
from bot.blocks.render import mention
from bot.db import session_scope
from bot.models import (
    ActionItem,
    Person,
)
from bot.services import NotAllowed
from bot.services.conversations import recaps
from bot.services.privacy.erase import erase
from bot.shapes.privacy import FORMER_COLLEAGUE, tombstone
from tests.support.app_server import AppServer
from tests.support.erase_flow import confirm_delete
from tests.support.factories import person_id
from tests.support.fakeslack.fixtures import EMPLOYEE, STRANGER
from tests.support.fakeslack.server import RESPONSE_URL
from tests.support.privacy_record import (
    ADA_TYPED,
    ask_to_delete,
    delete_button,
    rows_naming,
    seed_record,
)
from tests.support.slack_ui import click, eventually
from tests.support.world import NOW


def test_a_stranger_cannot_trigger_adas_delete(app_server: AppServer, engine: Engine) -> None:
    seeded = seed_record(engine)
    needles = [EMPLOYEE, *ADA_TYPED.values()]
    before = len(rows_naming(engine, needles))
    button = delete_button(ask_to_delete(app_server))
    confirm_delete(app_server, button["value"], STRANGER)  # Ada's id in the button, Eve clicking
    (answer,) = app_server.fake.wait_for(RESPONSE_URL)
    assert "Only the person whose record this is" in answer.args["text"]
    assert len(rows_naming(engine, needles)) == before
    with Session(engine) as session:
        eve = session.get(Person, seeded.eve)
        assert eve is not None and eve.slack_user_id == STRANGER  # Eve's own record is intact
    # A button value that is not a record at all changes nothing either.
    confirm_delete(app_server, "not-a-number", EMPLOYEE)
    app_server.fake.wait_for(RESPONSE_URL, count=2)
    assert len(rows_naming(engine, needles)) == before


def test_the_service_refuses_anyone_but_the_person_themself(engine: Engine) -> None:
    seeded = seed_record(engine)
    with session_scope(engine) as session, pytest.raises(NotAllowed):
        erase(session=session, actor_id=seeded.grace, person_id=seeded.ada, now=NOW)
    with Session(engine) as session:
        assert (session.get(Person, seeded.ada) or Person()).slack_user_id == EMPLOYEE


def test_someone_nobody_else_refers_to_is_removed_outright(
    app_server: AppServer, engine: Engine
) -> None:
    eve = person_id(engine, STRANGER)
    button = delete_button(ask_to_delete(app_server, user=STRANGER))
    assert "no preps, no goals, no skills" in json.dumps(ask_to_delete(app_server, STRANGER))
    confirm_delete(app_server, button["value"], STRANGER)
    app_server.fake.wait_for(RESPONSE_URL)

    def gone() -> bool:
        with Session(engine) as session:
            return session.get(Person, eve) is None

    eventually(gone)
    assert rows_naming(engine, [STRANGER, "eve@example.com"]) == []


def test_others_see_an_erased_partner_as_a_former_colleague() -> None:
    assert mention(tombstone(42)) == FORMER_COLLEAGUE
    assert mention(EMPLOYEE) == f"<@{EMPLOYEE}>"


def test_eves_recap_still_works_and_names_ada_as_a_former_colleague(
    app_server: AppServer, engine: Engine
) -> None:
    seed_record(engine)
    confirm_delete(app_server, delete_button(ask_to_delete(app_server))["value"], EMPLOYEE)
    app_server.fake.wait_for(RESPONSE_URL)
    with Session(engine) as session:
        item = session.exec(select(ActionItem).where(ActionItem.body == "Eve reads")).one()
    click(app_server, RecapIds.ITEM_DONE, str(item.id), user=STRANGER)
    (recap,) = app_server.fake.wait_for("chat.postMessage")
    assert recap.response["channel"] == app_server.fake.dm_channel(STRANGER)
    shown = json.dumps(recap.args["blocks"]) + recap.args["text"]
    assert FORMER_COLLEAGUE in shown and "deleted-" not in shown and EMPLOYEE not in shown


def test_a_recap_goes_to_nobody_who_erased_their_record() -> None:
    recap = recaps.Recap(
        conversation_id=1,
        workspace_id=1,
        employee_user_id=STRANGER,
        partner_user_id=tombstone(7),
        held_on=date(2026, 11, 2),
        kind="manager",
        shared_notes="",
        follow_up="none",
        next_on=None,
        items=[],
        goals=[],
        goals_total=0,
    )
    assert recap.recipients == (STRANGER,)
    assert replace(recap, partner_user_id=EMPLOYEE).recipients == (STRANGER, EMPLOYEE)
    assert replace(recap, partner_user_id=EMPLOYEE, partner_may_see=False).recipients == (STRANGER,)
