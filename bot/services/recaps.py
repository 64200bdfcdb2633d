"""What a recap shows (shared content only), and where each person's copy of it was posted.

Each person's copy is one `delivery` row: kind `recap`, period_key the conversation id, so a
recap is posted once per person and every later edit updates that message in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, delete, select, update

from bot.db import insert_ignoring_conflicts
from bot.models import ActionItem, Conversation, Delivery, Goal, Person
from bot.services.access import goal_visible, may_see
from bot.services.conversation_parties import items_of
from bot.services.tombstones import is_erased

KIND = "recap"
MAX_GOALS = 5


@dataclass(frozen=True)
class RecapItem:
    id: int
    owner_user_id: str
    body: str
    due_on: date | None
    done: bool


@dataclass(frozen=True)
class RecapGoal:
    title: str
    horizon: str
    target_on: date


@dataclass(frozen=True)
class Recap:
    """One conversation as both of its people see it: never a private note."""

    conversation_id: int
    workspace_id: int
    employee_user_id: str
    partner_user_id: str
    held_on: date
    kind: str
    shared_notes: str
    follow_up: str
    next_on: date | None
    items: list[RecapItem]
    goals: list[RecapGoal]
    goals_total: int
    # False once the partner lost this conversation to a reporting-line change: their copy
    # is no longer updated, so an edit after the change never reaches the old manager.
    partner_may_see: bool = True

    @property
    def recipients(self) -> tuple[str, ...]:
        """Who gets a copy: not a partner who lost it, nor anyone who erased their record."""
        people = (self.employee_user_id, self.partner_user_id if self.partner_may_see else "")
        return tuple(user for user in people if user and not is_erased(user))


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
    """Where one person's copy of a recap is; no ts while it is being posted or failed."""

    recipient: str
    channel: str | None
    ts: str | None


def copies(*, session: Session, recap: Recap) -> dict[str, Copy]:
    rows = session.exec(
        select(Delivery).where(
            Delivery.workspace_id == recap.workspace_id,
            Delivery.kind == KIND,
            Delivery.period_key == str(recap.conversation_id),
        )
    )
    return {r.recipient: Copy(r.recipient, r.slack_channel, r.slack_ts) for r in rows}


def claim_copy(*, session: Session, recap: Recap, recipient: str, now: datetime) -> bool:
    """Reserve posting this person's copy; False when it is posted or being posted already.

    The row is leased with no expiry and `send_started_at` set: the outbox never resends it.
    """
    return (
        insert_ignoring_conflicts(
            session,
            Delivery,
            [
                {
                    "workspace_id": recap.workspace_id,
                    "recipient": recipient,
                    "kind": KIND,
                    "period_key": str(recap.conversation_id),
                    "payload": {"conversation_id": recap.conversation_id},
                    "state": "leased",
                    "not_before": now,
                    "send_started_at": now,
                    "created_at": now,
                }
            ],
            conflict_on=["workspace_id", "recipient", "kind", "period_key"],
        )
        == 1
    )


def copy_sent(
    *, session: Session, recap: Recap, recipient: str, channel: str, ts: str, now: datetime
) -> None:
    session.execute(
        update(Delivery)
        .where(*_key(recap, recipient))
        .values(state="sent", slack_channel=channel, slack_ts=ts, sent_at=now, attempts=1)
    )


def copy_failed(*, session: Session, recap: Recap, recipient: str) -> None:
    """Slack refused the post: forget the claim so the next save tries again."""
    session.execute(delete(Delivery).where(*_key(recap, recipient)))


def _key(recap: Recap, recipient: str) -> tuple[ColumnElement[bool], ...]:
    return (
        col(Delivery.workspace_id) == recap.workspace_id,
        col(Delivery.recipient) == recipient,
        col(Delivery.kind) == KIND,
        col(Delivery.period_key) == str(recap.conversation_id),
    )
