"""A reporting-line change: the old manager loses the employee's conversations at once.

Their clicks change nothing, and a spell without a manager revokes her at once and asks nobody.
"""

from __future__ import annotations

import json

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.blocks.ids import FollowUp as FollowUpIds
from bot.blocks.ids import Recap as RecapIds
from bot.config import Settings
from bot.db import session_scope
from bot.models import Conversation, Person
from bot.services.conversations import dashboard, followups, history, recaps
from tests.support.answers import LOG_ANSWERS
from tests.support.app_server import AppServer
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER
from tests.support.fakeslack.server import RESPONSE_URL
from tests.support.handover_world import (
    NEW,
    NOTES,
    before_the_change,
    briefing_of,
    change_manager,
    deliver_a_week_on,
    deliveries_of,
    handovers,
    posted_to,
)
from tests.support.rows import items
from tests.support.slack_ui import click, log, open_by_command, submit
from tests.support.world import TODAY

# ---- the old manager loses access ------------------------------------------------------------


def test_the_old_managers_clicks_change_nothing_after_the_change(
    app_server: AppServer, engine: Engine
) -> None:
    ids = before_the_change(app_server, engine)
    conversation_id = items(engine)[0].conversation_id
    change_manager(app_server, engine, NEW)
    fake = app_server.fake
    opened_before = len(fake.calls_to("views.open"))

    ada_item = items(engine)[1]  # Ada's "Draft a talk proposal"
    click(app_server, RecapIds.ITEM_DONE, str(ada_item.id), user=MANAGER)
    click(app_server, RecapIds.EDIT, str(conversation_id), user=MANAGER)
    click(app_server, RecapIds.CALENDAR, str(conversation_id), user=MANAGER)
    answers = fake.wait_for(RESPONSE_URL, count=3)
    for answer in answers:
        assert answer.args["response_type"] == "ephemeral"
        assert "Only the two people in this conversation" in answer.args["text"]
    assert all(i.done_at is None for i in items(engine))
    assert fake.calls_to("chat.update") == []
    assert len(fake.calls_to("views.open")) == opened_before  # no edit form, no file
    assert fake.calls_to("files.getUploadURLExternal") == []

    # Her history and Home no longer show Ada's conversation or its next steps.
    picker = open_by_command(app_server, "history", MANAGER)
    text = json.dumps(submit(app_server, picker, {"partner": EMPLOYEE}, MANAGER)["view"])
    assert "No conversations with" in text and "lead a project" not in text
    with session_scope(engine) as session:
        grace = session.get(Person, ids[MANAGER])
        assert grace is not None
        assert dashboard.open_items(session=session, person=grace, limit=10) == ([], 0)
        ada = session.get(Person, ids[EMPLOYEE])
        assert ada is not None
        entries, total = history.history(session=session, actor=ada, partner_user_id=MANAGER)
        assert total == 1 and "lead a project" in entries[0].shared_notes  # Ada keeps it all
    # Nor does a briefing from Ada's prep, should she share one with Grace.
    briefing = briefing_of(engine, ids[EMPLOYEE], MANAGER)
    assert (briefing.items, briefing.last_notes, briefing.conversations_together) == ([], "", 0)


def test_the_old_manager_can_neither_tick_nor_push_follow_up_steps(
    app_server: AppServer, engine: Engine
) -> None:
    before_the_change(app_server, engine)
    change_manager(app_server, engine, NEW)
    graces, adas = items(engine)[0], items(engine)[1]  # "Ask finance…" is Grace's own step
    click(app_server, FollowUpIds.PUSH_DUE, str(graces.id), user=MANAGER)
    click(app_server, FollowUpIds.ITEM_DONE, str(adas.id), user=MANAGER)
    answers = app_server.fake.wait_for(RESPONSE_URL, count=2)
    assert all(a.args["response_type"] == "ephemeral" for a in answers)
    assert [(i.due_on, i.done_at) for i in items(engine)] == [
        (graces.due_on, None),
        (adas.due_on, None),
        (items(engine)[2].due_on, None),
    ]
    assert app_server.fake.calls_to("chat.update") == []
    # And the conversation's follow-ups end: the planner finds nothing open to send either.
    with session_scope(engine) as session:
        followup = followups.followup_of(
            session=session, conversation_id=adas.conversation_id, today=TODAY
        )
    assert (followup.items, followup.goals) == ([], [])


def test_the_old_manager_cannot_overwrite_the_day_by_logging_it_again(
    app_server: AppServer, engine: Engine
) -> None:
    before_the_change(app_server, engine)
    change_manager(app_server, engine, NEW)
    reply = log(app_server, {**LOG_ANSWERS, "shared_notes": "Rewritten by the old manager"})
    assert reply["response_action"] == "errors"
    assert "isn't yours to change any more" in reply["errors"]["held_on"]
    with Session(engine) as session:
        (conversation,) = session.exec(select(Conversation)).all()
    assert conversation.shared_notes == NOTES


def test_the_employee_still_uses_her_recap_and_only_her_copy_is_updated(
    app_server: AppServer, engine: Engine
) -> None:
    before_the_change(app_server, engine)
    change_manager(app_server, engine, NEW)
    ada_item = items(engine)[1]
    click(app_server, RecapIds.ITEM_DONE, str(ada_item.id), user=EMPLOYEE)
    (update,) = app_server.fake.wait_for("chat.update")
    assert update.args["channel"] == app_server.fake.dm_channel(EMPLOYEE)
    assert items(engine)[1].done_at is not None
    with session_scope(engine) as session:
        recap = recaps.recap_of(session=session, conversation_id=ada_item.conversation_id)
    assert recap.recipients == (EMPLOYEE,)  # Grace's copy is no longer updated
    assert len(app_server.fake.calls_to("chat.update")) == 1


# ---- a spell without a manager ---------------------------------------------------------------


def _grace_sees_her_conversation(app_server: AppServer) -> bool:
    picker = open_by_command(app_server, "history", MANAGER)
    text = json.dumps(submit(app_server, picker, {"partner": EMPLOYEE}, MANAGER)["view"])
    return "lead a project" in text


def test_removing_the_manager_revokes_her_at_once_and_asks_nobody(
    app_server: AppServer, engine: Engine
) -> None:
    before_the_change(app_server, engine)
    assert _grace_sees_her_conversation(app_server)
    change_manager(app_server, engine, None)
    assert not _grace_sees_her_conversation(app_server)
    (removal,) = handovers(engine)
    assert removal.new_manager_id is None and removal.answered_at is not None
    assert deliveries_of(engine, "handover") == []  # nobody to pass anything on to
    change_manager(app_server, engine, None)  # saving her settings again adds nothing
    assert len(handovers(engine)) == 1


def test_the_next_manager_after_a_spell_without_one_is_asked_about(
    app_server: AppServer, engine: Engine, settings: Settings
) -> None:
    ids = before_the_change(app_server, engine)
    change_manager(app_server, engine, None)
    change_manager(app_server, engine, NEW)
    assert briefing_of(engine, ids[EMPLOYEE], NEW).goals == []  # nothing passes unasked
    deliver_a_week_on(settings, engine)
    question = posted_to(app_server, EMPLOYEE)[-1]
    assert f"<@{MANAGER}>" in json.dumps(question["blocks"])  # about Grace, the one before
    assert f"<@{NEW}>" in question["text"]
    assert not _grace_sees_her_conversation(app_server)


def test_the_same_manager_back_after_a_spell_without_one_keeps_her_conversations(
    app_server: AppServer, engine: Engine
) -> None:
    before_the_change(app_server, engine)
    change_manager(app_server, engine, None)
    change_manager(app_server, engine, MANAGER)
    assert handovers(engine) == []
    assert deliveries_of(engine, "handover") == []
    assert _grace_sees_her_conversation(app_server)
