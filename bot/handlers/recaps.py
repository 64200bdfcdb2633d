"""The recap DM's three buttons (the DM itself is sent by `common/recap_sending.py`).

Every button re-checks that the clicker is one of the conversation's two people; the ids
in button values only say which record to look up.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient
from sqlmodel import Session

from bot.blocks.ids import Recap as Ids
from bot.blocks.log import log_modal
from bot.blocks.replies import RECAP_INVITE_COMMENT, RECAP_NO_NEXT_DATE, RECAP_NOT_PARTY, when_text
from bot.deps import deps_of
from bot.handlers.common.acting import act
from bot.handlers.common.invites import upload_invite
from bot.handlers.common.recap_sending import send_recap
from bot.handlers.common.routing import actor_id, complete_clicked_item, load_actor, record_id, tell
from bot.models import Conversation, Person
from bot.services.conversations import parties


def register(app: App) -> None:
    app.action(Ids.ITEM_DONE)(item_done)
    app.action(Ids.EDIT)(edit_recap)
    app.action(Ids.CALENDAR)(add_to_calendar)


def item_done(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    respond: Respond | None,
) -> None:
    ack()
    conversation_id = complete_clicked_item(context, action)
    if conversation_id is None:
        return tell(respond, body, RECAP_NOT_PARTY)
    deps = deps_of(context)
    send_recap(client, context, conversation_id, now=deps.clock(), clock=deps.clock)


def edit_recap(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    respond: Respond | None,
) -> None:
    ack()
    prefill = act(
        context,
        lambda s: parties.edit_prefill(
            session=s, actor_id=actor_id(context), conversation_id=record_id(action)
        ),
        refused=lambda: tell(respond, body, RECAP_NOT_PARTY),
    )
    if prefill is None:
        return
    client.views_open(trigger_id=body["trigger_id"], view=log_modal(prefill))


def add_to_calendar(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    respond: Respond | None,
) -> None:
    """An .ics for the next conversation at 10:00 in the clicker's own time zone, as a file."""
    ack()
    now = deps_of(context).clock()

    def conversation_and_people(
        session: Session,
    ) -> tuple[Person, Conversation, Person | None, Person | None]:
        actor = load_actor(session, context)
        conversation = parties.party_conversation(
            session=session, actor_id=actor.id or 0, conversation_id=record_id(action)
        )
        employee = session.get(Person, conversation.employee_id)
        partner = session.get(Person, conversation.partner_id)
        return actor, conversation, employee, partner

    found = act(
        context, conversation_and_people, refused=lambda: tell(respond, body, RECAP_NOT_PARTY)
    )
    if found is None:
        return
    actor, conversation, employee, partner = found
    assert employee is not None and partner is not None
    if conversation.next_on is None:
        return tell(respond, body, RECAP_NO_NEXT_DATE)
    channel = str(client.conversations_open(users=actor.slack_user_id)["channel"]["id"])
    upload_invite(
        client,
        channel=channel,
        viewer=actor,
        people=(employee, partner),
        on=conversation.next_on,
        conversation_id=conversation.id or 0,
        comment=RECAP_INVITE_COMMENT.format(when=when_text(conversation.next_on)),
        now=now,
    )
