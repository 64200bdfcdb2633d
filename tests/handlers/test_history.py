"""`/career-prep history` and the follow-up buttons through signed HTTP and the fake Slack."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from slack_sdk import WebClient
from sqlalchemy.engine import Engine
from sqlmodel import select

from bot.blocks.followup import followup_message, push_value
from bot.blocks.ids import FollowUp as FollowUpIds
from bot.blocks.ids import History as Ids
from bot.db import session_scope
from bot.models import Delivery, Workspace
from bot.services.conversations.followups import DELIVERY_KIND, followup_of
from tests.support.answers import CANARY, HELD, LOG_ANSWERS
from tests.support.app_server import AppServer
from tests.support.factories import report_to_manager
from tests.support.fakeslack.blockkit import check_view
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER
from tests.support.fakeslack.server import RESPONSE_URL
from tests.support.rows import items
from tests.support.slack_ui import click_in, log, open_by_command, recaps_posted, submit
from tests.support.world import NOW, TODAY


def _two_conversations(app_server: AppServer, engine: Engine) -> None:
    report_to_manager(engine)
    log(app_server, {**LOG_ANSWERS, "held_on": HELD - timedelta(days=40), "shared_notes": "Older"})
    log(app_server, {**LOG_ANSWERS, "shared_notes": "Newer <!here>"}, user=MANAGER)
    recaps_posted(app_server, count=4)
    app_server.fake.wait_for("views.publish", count=2)


def _history(app_server: AppServer, user: str, partner: str) -> dict[str, Any]:
    picker = open_by_command(app_server, "history", user)
    assert picker["callback_id"] == Ids.PICKER
    return submit(app_server, picker, {"partner": partner}, user)


def test_both_people_see_their_conversations_newest_first_without_private_notes(
    app_server: AppServer, engine: Engine
) -> None:
    _two_conversations(app_server, engine)
    for user, partner in ((EMPLOYEE, MANAGER), (MANAGER, EMPLOYEE)):
        reply = _history(app_server, user, partner)
        assert reply["response_action"] == "update"
        view = reply["view"]
        assert check_view(view) == []
        text = json.dumps(view, ensure_ascii=False)
        assert text.index("Newer &lt;!here&gt;") < text.index("Older")
        assert CANARY not in text and "<!here>" not in text
        assert "0 of 3 next steps done" in text


def test_a_stranger_sees_no_one_elses_conversations(app_server: AppServer, engine: Engine) -> None:
    _two_conversations(app_server, engine)
    text = json.dumps(_history(app_server, STRANGER, MANAGER)["view"])
    assert "No conversations with" in text and "Newer" not in text


def test_history_with_yourself_is_refused_on_the_field(app_server: AppServer) -> None:
    reply = _history(app_server, EMPLOYEE, EMPLOYEE)
    assert reply["response_action"] == "errors"
    assert "someone else" in reply["errors"]["partner"]


def _post_followup(app_server: AppServer, engine: Engine, user: str) -> dict[str, Any]:
    """What a planner would send: the follow-up for `user`, posted to their DM."""
    with session_scope(engine) as session:
        (conversation_id,) = {i.conversation_id for i in items(engine)}
        followup = followup_of(session=session, conversation_id=conversation_id, today=TODAY)
    text, blocks = followup_message(followup, recipient_user_id=user)
    client = WebClient(token=app_server.fake.bot_token, base_url=app_server.fake.api_url)
    reply = client.chat_postMessage(channel=user, text=text, blocks=blocks)
    with session_scope(engine) as session:  # and what the dispatcher records of it
        session.add(
            Delivery(
                workspace_id=session.exec(select(Workspace.id)).one(),
                recipient=user,
                kind=DELIVERY_KIND,
                period_key=f"{conversation_id}:1",
                payload={},
                state="sent",
                not_before=NOW,
                slack_channel=reply["channel"],
                slack_ts=reply["ts"],
                created_at=NOW,
            )
        )
    return {"ts": reply["ts"], "channel": reply["channel"]}


def test_the_owner_pushes_a_due_date_a_week_and_the_follow_up_updates_in_place(
    app_server: AppServer, engine: Engine
) -> None:
    report_to_manager(engine)
    log(app_server, LOG_ANSWERS)
    recaps_posted(app_server)
    app_server.fake.wait_for("views.publish")
    posted = _post_followup(app_server, engine, EMPLOYEE)
    shadow = items(engine)[2]  # Ada's, due in 30 days
    assert shadow.due_on is not None
    value = push_value(shadow.id or 0, shadow.due_on)
    click_in(app_server, posted, EMPLOYEE, FollowUpIds.PUSH_DUE, value)
    (update,) = app_server.fake.wait_for("chat.update")
    assert (update.args["channel"], update.args["ts"]) == (posted["channel"], posted["ts"])
    assert items(engine)[2].due_on == shadow.due_on + timedelta(days=7)


def test_only_the_owner_pushes_and_only_a_party_marks_done(
    app_server: AppServer, engine: Engine
) -> None:
    report_to_manager(engine)
    log(app_server, LOG_ANSWERS)
    recaps_posted(app_server)
    app_server.fake.wait_for("views.publish")
    posted = _post_followup(app_server, engine, EMPLOYEE)
    managers = _post_followup(app_server, engine, MANAGER)
    before = items(engine)
    value = push_value(before[2].id or 0, before[2].due_on)
    click_in(app_server, managers, MANAGER, FollowUpIds.PUSH_DUE, value)
    # A stranger has no follow-up: a click naming someone else's message is refused as such.
    click_in(app_server, posted, STRANGER, FollowUpIds.ITEM_DONE, before[2].id or 0)
    answers = app_server.fake.wait_for(RESPONSE_URL, count=2)
    assert {a.args["text"].split(",")[0][:30] for a in answers} == {
        "Only the person a next step be",
        "That button isn't on a follow-",
    }
    assert [(i.due_on, i.done_at) for i in items(engine)] == [(i.due_on, i.done_at) for i in before]
    assert app_server.fake.calls_to("chat.update") == []

    click_in(app_server, managers, MANAGER, FollowUpIds.ITEM_DONE, before[2].id or 0)
    (update,) = app_server.fake.wait_for("chat.update")
    assert (update.args["channel"], update.args["ts"]) == (managers["channel"], managers["ts"])
    assert items(engine)[2].done_at is not None
