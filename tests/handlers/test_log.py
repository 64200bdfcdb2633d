"""`/career-prep log` through signed HTTP and the fake Slack: log, recap to both, bad input."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.blocks.ids import Home as HomeIds
from bot.blocks.ids import Log as Ids
from bot.blocks.log import read_metadata
from bot.db import session_scope
from bot.models import Delivery, Person, PrivateNote
from tests.support.answers import CANARY, HELD, LOG_ANSWERS
from tests.support.app_server import AppServer
from tests.support.factories import report_to_manager
from tests.support.fakeslack.blockkit import check_message_blocks, check_view
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER
from tests.support.rows import conversation_rows, items
from tests.support.slack_ui import click, log, open_by_command, opened, recaps_posted, submit
from tests.support.world import TODAY

# ---- logging ---------------------------------------------------------------------------------


def test_a_log_sends_one_identical_recap_to_each_person_without_private_notes(
    app_server: AppServer, engine: Engine
) -> None:
    ids = report_to_manager(engine)
    reply = log(app_server, LOG_ANSWERS)
    assert reply["response_action"] == "update"
    assert reply["view"]["callback_id"] == Ids.LOGGED
    assert check_view(reply["view"]) == []

    sent = recaps_posted(app_server)
    assert set(sent) == {EMPLOYEE, MANAGER}
    ada, grace = sent[EMPLOYEE], sent[MANAGER]
    assert ada["text"] == grace["text"]
    assert ada["blocks"][1:] == grace["blocks"][1:]
    assert ada["blocks"][0] != grace["blocks"][0]
    assert f"Hi <@{EMPLOYEE}>!" in ada["blocks"][0]["text"]["text"]
    for message in (ada, grace):
        assert check_message_blocks(message["blocks"]) == []
    everything = json.dumps([c.args for c in app_server.fake.calls], ensure_ascii=False)
    assert CANARY not in everything
    text = json.dumps(ada["blocks"], ensure_ascii=False)
    assert "&lt;!channel&gt; We talked about &lt;@U0BOSS&gt;'s team &amp; a move" in text
    assert "<!channel>" not in text and "<@U0BOSS>" not in text and "<https://evil" not in text
    assert f"<@{EMPLOYEE}> (employee) with <@{MANAGER}>" in text
    assert f"Draft a talk proposal — <@{EMPLOYEE}>" in text
    assert "a monthly check-in" in text

    (conversation,) = conversation_rows(engine)
    assert (conversation.employee_id, conversation.partner_id) == (ids[EMPLOYEE], ids[MANAGER])
    assert conversation.logged_by_id == ids[MANAGER]
    assert conversation.next_on == HELD + timedelta(days=90)  # the workspace's default cadence
    owners = [(i.owner_id, i.body, i.due_on) for i in items(engine)]
    assert owners == [
        (ids[MANAGER], LOG_ANSWERS["mine_1"], LOG_ANSWERS["mine_1_due"]),
        (ids[EMPLOYEE], "Draft a talk proposal", None),
        (ids[EMPLOYEE], "Shadow an incident review", LOG_ANSWERS["theirs_2_due"]),
    ]
    with Session(engine) as session:
        (note,) = session.exec(select(PrivateNote)).all()
        deliveries = session.exec(select(Delivery)).all()
    assert (note.author_id, note.body) == (ids[MANAGER], CANARY)
    assert sorted(d.recipient for d in deliveries) == sorted([EMPLOYEE, MANAGER])
    assert {d.state for d in deliveries} == {"sent"}
    assert {d.period_key for d in deliveries} == {str(conversation.id)}
    assert {d.slack_channel for d in deliveries} == {
        app_server.fake.dm_channel(EMPLOYEE),
        app_server.fake.dm_channel(MANAGER),
    }
    home = app_server.fake.wait_for("views.publish")[-1]
    assert home.args["user_id"] == MANAGER


def test_the_employee_logging_is_the_employee_and_sees_it_said(
    app_server: AppServer, engine: Engine
) -> None:
    ids = report_to_manager(engine)
    form = open_by_command(app_server, "log", EMPLOYEE)
    partner = next(b for b in form["blocks"] if b.get("block_id") == "partner")
    assert partner["element"]["initial_user"] == MANAGER  # her manager, by default
    assert "You're the employee" in json.dumps(form)
    kind = next(b for b in form["blocks"] if b.get("block_id") == "kind")
    assert kind["element"]["initial_option"]["value"] == "manager"
    submit(
        app_server, form, {**LOG_ANSWERS, "partner": MANAGER, "next_on": HELD + timedelta(days=20)}
    )
    recaps_posted(app_server)
    (conversation,) = conversation_rows(engine)
    assert (conversation.employee_id, conversation.partner_id) == (ids[EMPLOYEE], ids[MANAGER])
    assert conversation.next_on == HELD + timedelta(days=20)


def test_the_home_button_prefills_the_report_and_the_cadence(
    app_server: AppServer, engine: Engine
) -> None:
    ids = report_to_manager(engine)
    with session_scope(engine) as session:
        ada = session.get(Person, ids[EMPLOYEE])
        assert ada is not None
        ada.cadence_days = 30
        session.add(ada)
    click(app_server, HomeIds.LOG_CONVERSATION, str(ids[EMPLOYEE]), user=MANAGER, home=True)
    call = app_server.fake.wait_for("views.open")[-1]
    view = call.args["view"]
    assert check_view(view) == []
    by_id = {b.get("block_id"): b for b in view["blocks"]}
    assert by_id["partner"]["element"]["initial_user"] == EMPLOYEE
    assert by_id["next_on"]["element"]["initial_date"] == (TODAY + timedelta(days=30)).isoformat()
    assert f"<@{EMPLOYEE}> is the employee" in json.dumps(view)


def test_a_home_button_naming_someone_elsewhere_prefills_nobody_from_it(
    app_server: AppServer, engine: Engine
) -> None:
    report_to_manager(engine)
    click(app_server, HomeIds.LOG_CONVERSATION, "999999", user=MANAGER, home=True)
    view = app_server.fake.wait_for("views.open")[-1].args["view"]
    partner = next(b for b in view["blocks"] if b.get("block_id") == "partner")
    assert "initial_user" not in partner["element"]


def test_opening_the_log_when_today_is_logged_shows_that_conversation_to_edit(
    app_server: AppServer, engine: Engine
) -> None:
    report_to_manager(engine)
    log(app_server, {**LOG_ANSWERS, "held_on": TODAY})
    recaps_posted(app_server)
    (conversation,) = conversation_rows(engine)
    # Ada's log opens with her manager and today: the one Grace logged, as an edit.
    form = open_by_command(app_server, "log", EMPLOYEE)
    assert check_view(form) == []
    assert read_metadata(form["private_metadata"]) == conversation.id
    by_id = {b.get("block_id"): b for b in form["blocks"]}
    assert "partner" not in by_id
    assert by_id["shared_notes"]["element"]["initial_value"] == LOG_ANSWERS["shared_notes"]
    assert by_id["mine_1"]["element"]["initial_value"] == "Draft a talk proposal"
    text = json.dumps(form)
    assert "Ask finance for a &lt;https://evil.example|conference&gt; budget" in text
    assert CANARY not in text


# ---- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"held_on": TODAY + timedelta(days=1)}, "held_on", "hasn't happened yet"),
        ({"next_on": HELD}, "next_on", "after the conversation"),
        ({"next_on": HELD - timedelta(days=3)}, "next_on", "after the conversation"),
        (
            {
                "mine_1": None,
                "mine_1_due": None,
                "theirs_1": None,
                "theirs_2": None,
                "theirs_2_due": None,
            },
            "mine_1",
            "add at least one next step",
        ),
        ({"partner": MANAGER}, "partner", "with yourself"),
        ({"theirs_3_due": TODAY}, "theirs_3_due", "Add the next step this date belongs to"),
        ({"mine_1_due": HELD - timedelta(days=1)}, "mine_1_due", "before the conversation"),
        ({"kind": None}, "kind", "fill this in"),
    ],
    ids=[
        "future",
        "next-same-day",
        "next-before",
        "no-steps",
        "self",
        "date-alone",
        "due-before",
        "no-kind",
    ],
)
def test_bad_input_is_refused_on_its_field_and_changes_nothing(
    app_server: AppServer, engine: Engine, changes: dict[str, Any], field: str, words: str
) -> None:
    report_to_manager(engine)
    reply = log(app_server, {**LOG_ANSWERS, **changes})
    assert reply["response_action"] == "errors"
    assert words in reply["errors"][field]
    assert conversation_rows(engine) == []
    assert app_server.fake.calls_to("chat.postMessage") == []


def test_no_follow_up_needs_no_next_steps(app_server: AppServer, engine: Engine) -> None:
    report_to_manager(engine)
    empty = {
        "mine_1": None,
        "mine_1_due": None,
        "theirs_1": None,
        "theirs_2": None,
        "theirs_2_due": None,
    }
    reply = log(app_server, {**LOG_ANSWERS, **empty, "follow_up": "none"})
    assert reply["view"]["callback_id"] == Ids.LOGGED
    sent = recaps_posted(app_server)
    assert "No next steps were agreed" in json.dumps(sent[EMPLOYEE]["blocks"])


def test_the_modal_is_valid_as_opened_from_a_fresh_account(app_server: AppServer) -> None:
    form = open_by_command(app_server, "log", STRANGER)
    assert check_view(form) == []
    assert "they're the employee" in json.dumps(form)
    assert opened(form, {**form, "previous_view_id": None})["callback_id"] == Ids.MODAL
