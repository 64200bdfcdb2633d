"""Owing messages: planners and requests owe each message here once; the dispatcher sends it.

One row per (workspace, recipient, kind, period_key); owing it again is a no-op.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, delete, select

from bot.db import insert_ignoring_conflicts
from bot.models import Delivery

UNIQUE_KEY = ["workspace_id", "recipient", "kind", "period_key"]


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
