"""What a recap shows (shared content only), and where each person's copy of it was posted.

Each person's copy is one outbox row: kind `recap`, period_key the conversation id, so a
recap is posted once per person (by the dispatcher, like every message) and every later edit
updates that message in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, select, update

from bot.models import ActionItem, Conversation, Delivery, Goal, Person
from bot.outbox.enqueue import Outgoing, enqueue_many
from bot.services.conversations.parties import items_of
from bot.services.org.access import goal_visible, may_see
from bot.shapes.conversations import Recap, RecapGoal, RecapItem

KIND = "recap"
MAX_GOALS = 5

NOT_SENT = ("pending", "dead", "unknown")
Message = tuple[str, list[dict[str, Any]]]  # fallback text and blocks


def recap_of(*, session: Session, conversation_id: int) -> Recap:
    conversation = session.get(Conversation, conversation_id)
    assert conversation is not None and conversation.id is not None
    people = {
        p.id: p.slack_user_id
        for p in session.exec(
            select(Person).where(
                col(Person.id).in_([conversation.employee_id, conversation.partner_id])
            )
        )
    }
    goals = list(
        session.exec(
            select(Goal)
            .where(
                Goal.person_id == conversation.employee_id,
                Goal.status == "active",
                goal_visible(conversation.partner_id),
            )
            .order_by(col(Goal.target_on), col(Goal.id))
        )
    )
    return Recap(
        conversation_id=conversation.id,
        workspace_id=conversation.workspace_id,
        employee_user_id=people[conversation.employee_id],
        partner_user_id=people[conversation.partner_id],
        held_on=conversation.held_on,
        kind=conversation.kind,
        shared_notes=conversation.shared_notes,
        follow_up=conversation.follow_up,
        next_on=conversation.next_on,
        items=[
            _item(i, people[i.owner_id])
            for i in items_of(session=session, conversation_id=conversation.id)
            if i.owner_id in people
        ],
        goals=[RecapGoal(g.title, g.horizon, g.target_on) for g in goals[:MAX_GOALS]],
        goals_total=len(goals),
        partner_may_see=may_see(
            session=session, viewer_id=conversation.partner_id, conversation_id=conversation.id
        ),
    )


def _item(item: ActionItem, owner_user_id: str) -> RecapItem:
    return RecapItem(item.id or 0, owner_user_id, item.body, item.due_on, item.done_at is not None)


@dataclass(frozen=True)
class Copy:
    """One person's copy of a recap: an outbox row, with where it was posted once it was."""

    id: int
    recipient: str
    state: str
    channel: str | None
    ts: str | None
    unconfirmed: bool  # a send whose outcome is not known yet: Slack may hold an older text

    @property
    def posted(self) -> bool:
        return self.state == "sent" and bool(self.channel and self.ts)


def copies(*, session: Session, recap: Recap) -> dict[str, Copy]:
    rows = session.exec(
        select(Delivery).where(
            Delivery.workspace_id == recap.workspace_id,
            Delivery.kind == KIND,
            Delivery.period_key == str(recap.conversation_id),
        )
    )
    return {
        r.recipient: Copy(
            r.id or 0,
            r.recipient,
            r.state,
            r.slack_channel,
            r.slack_ts,
            r.send_started_at is not None,
        )
        for r in rows
    }


def owe_copies(
    *, session: Session, recap: Recap, messages: dict[str, Message], now: datetime
) -> dict[str, Copy]:
    """Owe each recipient their copy; a copy not sent yet gets today's text. Returns the copies.

    A new copy is due now; one whose earlier post failed keeps its backoff (`not_before`), so
    the next `deliver` run sends it, with the latest text. A dead or unknown copy gets it too,
    for when an operator retries it; a leased one is being sent and is left alone.
    """
    owed = [
        Outgoing(recap.workspace_id, recipient, KIND, str(recap.conversation_id), text, now, blocks)
        for recipient, (text, blocks) in messages.items()
    ]
    enqueue_many(session=session, messages=owed, now=now)
    for message in owed:
        session.execute(
            update(Delivery)
            .where(*_key(recap, message.recipient), col(Delivery.state).in_(NOT_SENT))
            .values(payload=message.row(now)["payload"])
        )
    return copies(session=session, recap=recap)


def _key(recap: Recap, recipient: str) -> tuple[ColumnElement[bool], ...]:
    return (
        col(Delivery.workspace_id) == recap.workspace_id,
        col(Delivery.recipient) == recipient,
        col(Delivery.kind) == KIND,
        col(Delivery.period_key) == str(recap.conversation_id),
    )
