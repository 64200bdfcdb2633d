"""Buttons in a follow-up message: mark a next step done, or push its due date a week.

Done is open to both people of the conversation; pushing a date only to the step's owner.
The message is re-rendered in place for whoever clicked, and only when it is a follow-up the
bot sent them: the click's `container` is data, so it is looked up in the outbox first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient
from sqlmodel import Session

from bot.blocks.followup import followup_message, read_push_value
from bot.blocks.ids import FollowUp as Ids
from bot.blocks.replies import (
    FOLLOWUP_ALREADY_MOVED,
    FOLLOWUP_NOT_OWNER,
    FOLLOWUP_NOT_PARTY,
    FOLLOWUP_NOT_YOUR_MESSAGE,
    FOLLOWUP_REFRESHED,
)
from bot.deps import deps_of
from bot.handlers.common.acting import act, unit
from bot.handlers.common.own_message import container_of
from bot.handlers.common.routing import complete_clicked_item, load_actor, tell
from bot.models import Person
from bot.outbox.send import update_now
from bot.services.conversations import followups
from bot.services.org.zones import local_today
from bot.shapes.conversations import FollowUp


def register(app: App) -> None:
    app.action(Ids.ITEM_DONE)(item_done)
    app.action(Ids.PUSH_DUE)(push_due)


@dataclass(frozen=True)
class _Shown:
    """A follow-up message the bot sent the clicker, and the conversation it is about."""

    channel: str
    ts: str
    conversation_id: int


def item_done(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    respond: Respond | None,
) -> None:
    ack()
    shown = _followup_clicked(body, context)
    if shown is None:
        return tell(respond, body, FOLLOWUP_NOT_YOUR_MESSAGE)
    if complete_clicked_item(context, action) is None:
        return tell(respond, body, FOLLOWUP_NOT_PARTY)
    _refresh(client, context, shown)


def push_due(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    respond: Respond | None,
) -> None:
    ack()
    shown = _followup_clicked(body, context)
    if shown is None:
        return tell(respond, body, FOLLOWUP_NOT_YOUR_MESSAGE)
    value = read_push_value(action.get("value"))
    if value is None:
        # A button without the date it showed (sent before dates were carried): refresh the
        # message so its buttons carry one, rather than push from a date nobody saw.
        _refresh(client, context, shown)
        return tell(respond, body, FOLLOWUP_REFRESHED)
    now = deps_of(context).clock

    def push(session: Session) -> followups.Pushed:
        actor = load_actor(session, context)
        return followups.push_due(
            session=session,
            actor_id=actor.id or 0,
            item_id=value.item_id,
            shown_due=value.shown_due,
            today=local_today(actor, now()),
        )

    pushed = act(context, push, refused=lambda: tell(respond, body, FOLLOWUP_NOT_OWNER))
    if pushed is None:
        return
    _refresh(client, context, shown)
    if not pushed.moved:
        tell(respond, body, FOLLOWUP_ALREADY_MOVED)


def _followup_clicked(body: dict[str, Any], context: BoltContext) -> _Shown | None:
    """The clicked message, when the outbox says it is a follow-up sent to the clicker."""
    clicked = container_of(body)
    if clicked is None:
        return None
    channel, ts = clicked

    def shown_to_actor(session: Session) -> int | None:
        actor = load_actor(session, context)
        return followups.followup_shown_to(
            session=session,
            workspace_id=actor.workspace_id,
            recipient=actor.slack_user_id,
            channel=channel,
            ts=ts,
        )

    conversation_id = unit(context, shown_to_actor)
    return None if conversation_id is None else _Shown(channel, ts, conversation_id)


def _refresh(client: WebClient, context: BoltContext, shown: _Shown) -> None:
    """Re-render the clicked follow-up for the clicker, in the message it came from."""
    now = deps_of(context).clock

    def actor_and_followup(session: Session) -> tuple[Person, FollowUp]:
        actor = load_actor(session, context)
        followup = followups.followup_of(
            session=session,
            conversation_id=shown.conversation_id,
            today=local_today(actor, now()),
        )
        return actor, followup

    actor, followup = unit(context, actor_and_followup)
    text, blocks = followup_message(followup, recipient_user_id=actor.slack_user_id)
    update_now(client, channel=shown.channel, ts=shown.ts, text=text, blocks=blocks)
