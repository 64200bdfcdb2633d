"""A manager's nudge to a report: at most one a day, owed in the outbox like every message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, delete, select

from bot.models import Delivery, Person
from bot.outbox.enqueue import Outgoing, enqueue_many
from bot.services import NotAllowed

KIND = "nudge"


class AlreadyNudged(Exception):
    """This report was nudged today already."""


@dataclass(frozen=True)
class Owed:
    report_user_id: str
    delivery_id: int


def owe_nudge(
    *,
    session: Session,
    manager_id: int,
    report_id: int,
    text: str,
    blocks: list[dict[str, Any]],
    now: datetime,
) -> Owed:
    """Owe today's nudge to a current report of this manager, due now."""
    report = session.get(Person, report_id)
    if report is None or report.manager_id != manager_id or report.left_at is not None:
        raise NotAllowed("not your report")
    key = now.date().isoformat()
    nudge = Outgoing(report.workspace_id, report.slack_user_id, KIND, key, text, now, blocks)
    if not enqueue_many(session=session, messages=[nudge], now=now):
        raise AlreadyNudged(report.slack_user_id)
    row_id = session.exec(
        select(Delivery.id).where(
            Delivery.workspace_id == report.workspace_id,
            Delivery.recipient == report.slack_user_id,
            Delivery.kind == KIND,
            Delivery.period_key == key,
        )
    ).one()
    return Owed(report.slack_user_id, row_id or 0)


def nudge_state(*, session: Session, delivery_id: int) -> Delivery | None:
    """The nudge's row after its send; a nudge Slack refused for good is given back.

    Given back (deleted), the manager can try again today, as the Home notice says.
    """
    row = session.get(Delivery, delivery_id)
    if row is not None and row.state == "dead":
        session.execute(
            delete(Delivery).where(col(Delivery.id) == delivery_id, col(Delivery.state) == "dead")
        )
    return row
