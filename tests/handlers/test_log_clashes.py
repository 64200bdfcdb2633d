"""`/career-prep log` when two people log or edit one conversation: the second is told why and
nobody's work is lost, whether they come one after the other or at the very same moment."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from bot.blocks.ids import Log as Ids
from bot.blocks.ids import Recap as RecapIds
from bot.blocks.replies import LOG_CLASHES
from bot.db import session_scope
from bot.models import Person
from bot.services.conversations import log as conversations
from bot.services.conversations import log_form
from tests.support.answers import CANARY, HELD, LOG_ANSWERS
from tests.support.app_server import AppServer
from tests.support.factories import person_id, report_to_manager
from tests.support.fakeslack.blockkit import check_view
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER
from tests.support.rows import conversation_rows, items
from tests.support.slack_ui import click, log, open_by_command, opened, recaps_posted, submit
from tests.support.world import NOW, TODAY

# ---- clashes ---------------------------------------------------------------------------------


def test_a_second_logger_with_the_roles_swapped_is_told_to_edit_and_loses_nobodys_work(
    app_server: AppServer, engine: Engine
) -> None:
    """Peers: each is the employee of their own log, so the ordered key never met (finding 5)."""
    log(app_server, {**LOG_ANSWERS, "kind": "peer", "partner": STRANGER}, user=EMPLOYEE)
    recaps_posted(app_server)
    again = {
        **LOG_ANSWERS,
        "partner": EMPLOYEE,
        "kind": "informal",
        "shared_notes": "Second take",
        "private_notes": None,
        "mine_1": "Eve's own step",
        "theirs_1": None,
        "theirs_2": None,
        "theirs_2_due": None,
        "follow_up": "none",
    }
    reply = log(app_server, again, user=STRANGER)
    assert reply["response_action"] == "errors"
    assert reply["errors"]["held_on"] == LOG_CLASHES[conversations.ALREADY_LOGGED]
    (conversation,) = conversation_rows(engine)
    assert (conversation.shared_notes, conversation.kind) == (LOG_ANSWERS["shared_notes"], "peer")
    assert conversation.follow_up == "monthly"
    assert [i.body for i in items(engine)] == [
        LOG_ANSWERS["mine_1"],
        "Draft a talk proposal",
        "Shadow an incident review",
    ]
    assert app_server.fake.calls_to("chat.update") == []


def test_a_stale_edit_is_refused_and_nobodys_steps_go_but_by_their_owner(
    app_server: AppServer, engine: Engine
) -> None:
    report_to_manager(engine)
    log(app_server, LOG_ANSWERS)
    recaps_posted(app_server)
    (conversation,) = conversation_rows(engine)
    ada_form = _edit_form(app_server, conversation.id or 0, EMPLOYEE)
    grace_form = _edit_form(app_server, conversation.id or 0, MANAGER)
    # Grace adds a step of her own and one for Ada, while Ada's modal is open.
    grace = {
        "held_on": HELD,
        "kind": "manager",
        "shared_notes": LOG_ANSWERS["shared_notes"],
        "private_notes": CANARY,
        "mine_1": LOG_ANSWERS["mine_1"],
        "mine_1_due": LOG_ANSWERS["mine_1_due"],
        "mine_2": "Grace's new step",
        "theirs_1": "Ada's step from Grace",
        "follow_up": "monthly",
    }
    assert submit(app_server, grace_form, grace, MANAGER)["view"]["callback_id"] == Ids.LOGGED
    # Ada saves what her modal showed: refused, on her field, so Grace's edit is not undone.
    ada = {
        "held_on": HELD,
        "kind": "manager",
        "shared_notes": "Ada adds: talk accepted",
        "mine_1": "Draft a talk proposal",
        "follow_up": "monthly",
    }
    stale = submit(app_server, ada_form, ada, EMPLOYEE)
    assert stale == {
        "response_action": "errors",
        "errors": {"shared_notes": LOG_CLASHES[conversations.CHANGED]},
    }
    ids = {user: person_id(engine, user) for user in (EMPLOYEE, MANAGER)}
    everyones = [
        (ids[MANAGER], LOG_ANSWERS["mine_1"]),
        (ids[MANAGER], "Grace's new step"),
        (ids[EMPLOYEE], "Draft a talk proposal"),
        (ids[EMPLOYEE], "Shadow an incident review"),
        (ids[EMPLOYEE], "Ada's step from Grace"),
    ]
    assert sorted((i.owner_id, i.body) for i in items(engine)) == sorted(everyones)
    # Reopened, her modal shows Grace's change; her save drops only a step of her own.
    fresh = _edit_form(app_server, conversation.id or 0, EMPLOYEE)
    by_id = {b.get("block_id"): b for b in fresh["blocks"]}
    assert by_id["mine_3"]["element"]["initial_value"] == "Ada's step from Grace"
    reply = submit(app_server, fresh, {**ada, "mine_2": "Ada's step from Grace"}, EMPLOYEE)
    assert reply["view"]["callback_id"] == Ids.LOGGED
    app_server.fake.wait_for("chat.update", count=4)
    kept = [e for e in everyones if e[1] != "Shadow an incident review"]
    assert sorted((i.owner_id, i.body) for i in items(engine)) == sorted(kept)
    (conversation,) = conversation_rows(engine)
    assert conversation.shared_notes == "Ada adds: talk accepted"


def _edit_form(app_server: AppServer, conversation_id: int, user: str) -> dict[str, Any]:
    before = len(app_server.fake.calls_to("views.open"))
    click(app_server, RecapIds.EDIT, str(conversation_id), user=user)
    call = app_server.fake.wait_for("views.open", count=before + 1)[-1]
    assert check_view(call.args["view"]) == []
    return opened(call.args["view"], call.response["view"])


def _submit_together(
    app_server: AppServer, forms: dict[str, dict[str, Any]], answers: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Each user's modal submitted from its own thread, released together; the ack bodies."""
    start = threading.Barrier(len(forms))

    def send(user: str) -> dict[str, Any]:
        start.wait(timeout=10)
        return submit(app_server, forms[user], answers[user], user)  # asserts a 200

    with ThreadPoolExecutor(max_workers=len(forms)) as pool:
        return dict(zip(forms, pool.map(send, forms), strict=True))


ROUNDS = 4  # days logged at once per run; on the base commit Postgres split every one of them


def test_two_people_logging_at_once_with_roles_swapped_make_one_row_and_no_5xx(
    app_server: AppServer, engine: Engine
) -> None:
    """Through the signed HTTP entry, two threads released together (finding 5)."""
    for day in range(1, ROUNDS + 1):
        held = TODAY - timedelta(days=day)
        forms = {user: open_by_command(app_server, "log", user) for user in (EMPLOYEE, STRANGER)}
        answers = {
            EMPLOYEE: {
                **LOG_ANSWERS,
                "held_on": held,
                "kind": "peer",
                "partner": STRANGER,
                "shared_notes": "Ada's notes",
            },
            STRANGER: {
                **LOG_ANSWERS,
                "held_on": held,
                "kind": "peer",
                "partner": EMPLOYEE,
                "shared_notes": "Eve's notes",
                "private_notes": None,
            },
        }
        replies = _submit_together(app_server, forms, answers)
        saved = [u for u, r in replies.items() if r.get("response_action") == "update"]
        refused = [u for u, r in replies.items() if r.get("response_action") == "errors"]
        assert len(saved) == 1 and len(refused) == 1, replies
        assert replies[refused[0]]["errors"] == {
            "held_on": LOG_CLASHES[conversations.ALREADY_LOGGED]
        }
        app_server.fake.wait_for("chat.postMessage", count=2 * day)
        app_server.fake.wait_for("views.publish", count=day)
        rows = [c for c in conversation_rows(engine) if c.held_on == held]
        assert len(rows) == 1
        winner = "Ada's notes" if saved == [EMPLOYEE] else "Eve's notes"
        assert rows[0].shared_notes == winner
    assert len(conversation_rows(engine)) == ROUNDS


def test_a_second_first_log_of_the_same_day_is_refused_not_logged_over(engine: Engine) -> None:
    """The service, twice in one session as two requests would: one row, the first kept."""
    report_to_manager(engine)
    form = log_form.LogForm.from_fields({**LOG_ANSWERS})
    with session_scope(engine) as session:
        grace = session.exec(select(Person).where(Person.slack_user_id == MANAGER)).one()
        _, first = conversations.log_conversation(
            session=session, actor=grace, form=form, now=NOW, today=TODAY
        )
        other = log_form.LogForm.from_fields({**LOG_ANSWERS, "shared_notes": "over it"})
        with pytest.raises(conversations.Conflict) as refused:
            conversations.log_conversation(
                session=session, actor=grace, form=other, now=NOW, today=TODAY
            )
    assert first and refused.value.problems == {"held_on": conversations.ALREADY_LOGGED}
    (conversation,) = conversation_rows(engine)
    assert conversation.shared_notes == LOG_ANSWERS["shared_notes"]


def test_two_edits_of_one_version_at_once_save_one_and_refuse_the_other(
    app_server: AppServer, engine: Engine
) -> None:
    report_to_manager(engine)
    log(app_server, LOG_ANSWERS)
    recaps_posted(app_server)
    (conversation,) = conversation_rows(engine)
    forms = {
        user: _edit_form(app_server, conversation.id or 0, user) for user in (EMPLOYEE, MANAGER)
    }
    edit = {"held_on": HELD, "kind": "manager", "follow_up": "none"}
    answers = {
        EMPLOYEE: {**edit, "shared_notes": "Ada's version", "mine_1": "Draft a talk proposal"},
        MANAGER: {**edit, "shared_notes": "Grace's version", "mine_1": LOG_ANSWERS["mine_1"]},
    }
    replies = _submit_together(app_server, forms, answers)
    saved = [u for u, r in replies.items() if r.get("response_action") == "update"]
    refused = [u for u, r in replies.items() if r.get("response_action") == "errors"]
    assert len(saved) == 1 and len(refused) == 1, replies
    assert replies[refused[0]]["errors"] == {"shared_notes": LOG_CLASHES[conversations.CHANGED]}
    app_server.fake.wait_for("chat.update", count=2)
    (conversation,) = conversation_rows(engine)
    assert conversation.shared_notes == answers[saved[0]]["shared_notes"]
