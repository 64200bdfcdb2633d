"""Buttons in a follow-up message: mark a next step done, or push its due date a week.

Done is open to both people of the conversation; pushing a date only to the step's owner.
The message is re-rendered in place for whoever clicked.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.blocks.followup import followup_message
from bot.blocks.ids import FollowUp as Ids
from bot.db import session_scope
from bot.delivery import update_now
from bot.deps import deps_of
from bot.handlers.routing import complete_clicked_item, load_actor, record_id, tell
from bot.services import NotAllowed, followups
from bot.services.calendar import local_today

NOT_PARTY = "Only the two people in this conversation can mark its next steps done."
NOT_OWNER = "Only the person a next step belongs to can move its due date, so nothing changed."


def register(app: App) -> None:
    app.action(Ids.ITEM_DONE)(item_done)
    app.action(Ids.PUSH_DUE)(push_due)


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
    _refresh(client, body, context, conversation_id)


def push_due(
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
        with session_scope(deps.engine, immediate=True) as session:
            actor = load_actor(session, context)
            item = followups.push_due(
                session=session,
                actor_id=actor.id or 0,
                item_id=record_id(action),
                today=local_today(actor, deps.clock()),
            )
            conversation_id = item.conversation_id
    except NotAllowed:
        return tell(respond, body, NOT_OWNER)
    _refresh(client, body, context, conversation_id)


def _refresh(
    client: WebClient, body: dict[str, Any], context: BoltContext, conversation_id: int
) -> None:
    """Re-render the clicked follow-up for the clicker, in the message it came from."""
    container = body.get("container") or {}
    channel, ts = container.get("channel_id"), container.get("message_ts")
    if not channel or not ts:
        return
    deps = deps_of(context)
    with session_scope(deps.engine) as session:
        actor = load_actor(session, context)
        followup = followups.followup_of(
            session=session,
            conversation_id=conversation_id,
            today=local_today(actor, deps.clock()),
        )
    text, blocks = followup_message(followup, recipient_user_id=actor.slack_user_id)
    update_now(client, channel=channel, ts=ts, text=text, blocks=blocks)
