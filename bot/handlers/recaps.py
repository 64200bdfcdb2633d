"""The recap DM: both copies sent once through the outbox, updated in place; its three buttons.

Every button re-checks that the clicker is one of the conversation's two people; the ids
in button values only say which record to look up.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError
from sqlalchemy.engine import Engine

from bot.blocks.ids import Recap as Ids
from bot.blocks.log import log_modal
from bot.blocks.recap import recap_message
from bot.clock import Clock
from bot.db import session_scope
from bot.deps import deps_of
from bot.handlers.invites import upload_invite, when_text
from bot.handlers.routing import actor_id, complete_clicked_item, load_actor, record_id, tell
from bot.handlers.sending import send_owed
from bot.models import Person
from bot.outbox.send import update_now
from bot.services import NotAllowed
from bot.services.conversations import parties, recaps

logger = logging.getLogger(__name__)

NOT_PARTY = "Only the two people in this conversation can use its recap, so nothing changed."
NO_NEXT_DATE = "This conversation has no next date yet. Edit the recap to set one."
CALENDAR_COMMENT = (
    "Your next career conversation, {when} your time. Open the file to add it to your calendar."
)


def register(app: App) -> None:
    app.action(Ids.ITEM_DONE)(item_done)
    app.action(Ids.EDIT)(edit_recap)
    app.action(Ids.CALENDAR)(add_to_calendar)


def send_recap(
    client: WebClient,
    engine: Engine,
    conversation_id: int,
    *,
    now: datetime,
    clock: Clock | None = None,
) -> None:
    """Owe each person their copy and send it now through the outbox; update posted copies.

    A copy posted earlier is updated in place (chat.update is idempotent, so the request
    client's retries are harmless there); one that was never posted is sent by the
    dispatcher's rules, or by the next `deliver` run when that fails now.
    """
    with session_scope(engine, immediate=True) as session:
        recap = recaps.recap_of(session=session, conversation_id=conversation_id)
        messages = {r: recap_message(recap, recipient_user_id=r) for r in recap.recipients}
        before = recaps.owe_copies(session=session, recap=recap, messages=messages, now=now)
    unsent = [copy.id for copy in before.values() if copy.state == "pending"]
    send_owed(client, engine, unsent, clock=clock or (lambda: now))
    with session_scope(engine) as session:
        after = recaps.copies(session=session, recap=recap)
    for recipient, (text, blocks) in messages.items():
        copy, earlier = after.get(recipient), before.get(recipient)
        # A copy just posted carries this text already; one found after a lost answer may not.
        stale = earlier is not None and (earlier.posted or earlier.unconfirmed)
        if copy is None or not copy.posted or not stale:
            continue
        assert copy.channel is not None and copy.ts is not None
        try:
            update_now(client, channel=copy.channel, ts=copy.ts, text=text, blocks=blocks)
        except (SlackClientError, OSError):
            logger.warning("Could not update the recap of %s for %s", conversation_id, recipient)


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
        return tell(respond, body, NOT_PARTY)
    deps = deps_of(context)
    send_recap(client, deps.engine, conversation_id, now=deps.clock(), clock=deps.clock)


def edit_recap(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    respond: Respond | None,
) -> None:
    ack()
    deps = deps_of(context)
    try:
        with session_scope(deps.engine) as session:
            prefill = parties.edit_prefill(
                session=session, actor_id=actor_id(context), conversation_id=record_id(action)
            )
    except NotAllowed:
        return tell(respond, body, NOT_PARTY)
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
    deps = deps_of(context)
    now = deps.clock()
    try:
        with session_scope(deps.engine) as session:
            actor = load_actor(session, context)
            conversation = parties.party_conversation(
                session=session, actor_id=actor.id or 0, conversation_id=record_id(action)
            )
            employee = session.get(Person, conversation.employee_id)
            partner = session.get(Person, conversation.partner_id)
    except NotAllowed:
        return tell(respond, body, NOT_PARTY)
    assert employee is not None and partner is not None
    if conversation.next_on is None:
        return tell(respond, body, NO_NEXT_DATE)
    channel = str(client.conversations_open(users=actor.slack_user_id)["channel"]["id"])
    upload_invite(
        client,
        channel=channel,
        viewer=actor,
        people=(employee, partner),
        on=conversation.next_on,
        conversation_id=conversation.id or 0,
        comment=CALENDAR_COMMENT.format(when=when_text(conversation.next_on)),
        now=now,
    )
