"""The outbox: every message the bot sends is owed here first, and sent by the dispatcher.

One row per (workspace, recipient, kind, period_key). Planners call `enqueue`, and the
`deliver` job drains what is due (`bot.delivery_dispatch.drain`); a request that owes a message
now enqueues it and dispatches that row at once after its ack
(`bot.delivery_dispatch.dispatch_now`): there is no second way to send. Only modal and
ephemeral answers to the person clicking, and `update_now` of a message already posted
(chat.update is idempotent), skip the outbox. Operators use `deliveries` and `retry`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from sqlmodel import Session, col, delete, select, update

from bot.db import insert_ignoring_conflicts
from bot.models import Delivery, Workspace

UNIQUE_KEY = ["workspace_id", "recipient", "kind", "period_key"]
NEEDS_A_PERSON = ("dead", "unknown")


def update_now(
    client: WebClient, *, channel: str, ts: str, text: str, blocks: list[dict[str, Any]]
) -> None:
    client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)


@dataclass(frozen=True)
class Outgoing:
    """One message owed: to `recipient` (a user id: their DM), or to `channel` if given."""

    workspace_id: int
    recipient: str
    kind: str
    period_key: str
    text: str
    not_before: datetime
    blocks: Sequence[dict[str, Any]] = ()
    channel: str | None = None

    def row(self, now: datetime) -> dict[str, Any]:
        payload: dict[str, Any] = {"text": self.text, "blocks": list(self.blocks)}
        if self.channel:
            payload["channel"] = self.channel
        return {
            "workspace_id": self.workspace_id,
            "recipient": self.recipient,
            "kind": self.kind,
            "period_key": self.period_key,
            "payload": payload,
            "state": "pending",
            "not_before": self.not_before,
            "created_at": now,
        }


def enqueue(
    *,
    session: Session,
    workspace_id: int,
    recipient: str,
    kind: str,
    period_key: str,
    text: str,
    not_before: datetime,
    now: datetime,
    blocks: Sequence[dict[str, Any]] = (),
    channel: str | None = None,
) -> bool:
    """Owe one message; False when this (recipient, kind, period) is already owed or sent."""
    message = Outgoing(workspace_id, recipient, kind, period_key, text, not_before, blocks, channel)
    return enqueue_many(session=session, messages=[message], now=now) == 1


def enqueue_many(*, session: Session, messages: Iterable[Outgoing], now: datetime) -> int:
    """Owe many messages in one statement; returns how many were new."""
    rows = [message.row(now) for message in messages]
    return insert_ignoring_conflicts(session, Delivery, rows, conflict_on=UNIQUE_KEY)


def owed_ids(session: Session, messages: Sequence[Outgoing]) -> list[int]:
    """The outbox row ids of these messages (new or owed before), to dispatch them now."""
    if not messages:
        return []
    keys = {(m.workspace_id, m.recipient, m.kind, m.period_key) for m in messages}
    rows = session.exec(
        select(Delivery).where(
            col(Delivery.workspace_id).in_({m.workspace_id for m in messages}),
            col(Delivery.recipient).in_({m.recipient for m in messages}),
            col(Delivery.kind).in_({m.kind for m in messages}),
            col(Delivery.period_key).in_({m.period_key for m in messages}),
        )
    ).all()
    return [
        row.id or 0
        for row in rows
        if (row.workspace_id, row.recipient, row.kind, row.period_key) in keys
    ]


def withdraw_pending(*, session: Session, kind: str, keep: Callable[[int, str, str], bool]) -> int:
    """Delete pending messages of `kind` that a planner no longer owes; returns how many.

    `keep(workspace_id, recipient, period_key)` says which still are. Rows already leased
    (being sent) or sent are never touched.
    """
    pending = session.exec(
        select(Delivery.id, Delivery.workspace_id, Delivery.recipient, Delivery.period_key).where(
            Delivery.kind == kind, Delivery.state == "pending"
        )
    ).all()
    stale = [
        row_id
        for row_id, workspace_id, recipient, key in pending
        if not keep(workspace_id, recipient, key)
    ]
    if not stale:
        return 0
    session.execute(
        delete(Delivery).where(col(Delivery.id).in_(stale), col(Delivery.state) == "pending")
    )
    return len(stale)


NEVER_LEASED = (
    "sent from a request before requests sent through the outbox; its outcome was never "
    "recorded: check the recipient's DM, then retry it or leave it"
)


def settle_unleased(*, session: Session, now: datetime) -> int:
    """Hand to a person the rows an older version left leased with no expiry; how many.

    Before every send went through the outbox, a request reserved its recap or nudge as
    `leased` with no lease; when its post failed without an answer, the row stayed so for
    good, out of the reaper's and `retry`'s reach. Nothing leases that way any more.
    """
    settled = session.exec(
        update(Delivery)
        .where(col(Delivery.state) == "leased", col(Delivery.lease_until).is_(None))
        .values(state="unknown", last_error=NEVER_LEASED)
        .execution_options(synchronize_session=False)
    ).rowcount
    return int(settled)


@dataclass(frozen=True)
class Listed:
    delivery: Delivery
    slack_team_id: str


def deliveries(*, session: Session, states: Sequence[str] = (), limit: int = 200) -> list[Listed]:
    """Deliveries in `states` (default: every one not sent yet), oldest first."""
    wanted = list(states) or ["pending", "leased", "dead", "unknown"]
    rows = session.exec(
        select(Delivery, Workspace.slack_team_id)
        .join(Workspace, col(Workspace.id) == col(Delivery.workspace_id))
        .where(col(Delivery.state).in_(wanted))
        .order_by(col(Delivery.created_at), col(Delivery.id))
        .limit(limit)
    ).all()
    return [Listed(delivery, team) for delivery, team in rows]


class NotRetryable(Exception):
    """Only dead or unknown deliveries can be retried; the message says why not."""


def retry(*, session: Session, delivery_id: int, now: datetime) -> Delivery:
    """Queue a dead or unknown delivery again, with a fresh count of attempts.

    For an unknown one, a person first checks in Slack that it did not arrive.
    """
    delivery = session.get(Delivery, delivery_id)
    if delivery is None:
        raise NotRetryable(f"there is no delivery {delivery_id}")
    if delivery.state not in NEEDS_A_PERSON:
        raise NotRetryable(
            f"delivery {delivery_id} is {delivery.state}: only dead or unknown ones can be retried"
        )
    session.exec(
        update(Delivery)
        .where(col(Delivery.id) == delivery_id, col(Delivery.state).in_(NEEDS_A_PERSON))
        .values(
            state="pending",
            not_before=now,
            attempts=0,
            lease_until=None,
            send_started_at=None,
        )
    )
    session.refresh(delivery)
    return delivery
