"""A manager's nudge to a report: at most one a day, kept in the outbox table."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, delete, update

from bot.db import insert_ignoring_conflicts
from bot.models import Delivery, Person
from bot.services import NotAllowed

KIND = "nudge"


class AlreadyNudged(Exception):
    """This report was nudged today already."""


def claim_nudge(*, session: Session, manager_id: int, report_id: int, now: datetime) -> Person:
    """Reserve today's nudge for a current report of this manager; returns the report."""
    report = session.get(Person, report_id)
    if report is None or report.manager_id != manager_id or report.left_at is not None:
        raise NotAllowed("not your report")
    claimed = insert_ignoring_conflicts(
        session,
        Delivery,
        [
            {
                "workspace_id": report.workspace_id,
                "recipient": report.slack_user_id,
                "kind": KIND,
                "period_key": now.date().isoformat(),
                "payload": {"from_person_id": manager_id},
                "state": "leased",
                "not_before": now,
                "created_at": now,
            }
        ],
        conflict_on=["workspace_id", "recipient", "kind", "period_key"],
    )
    if not claimed:
        raise AlreadyNudged(report.slack_user_id)
    return report


def nudge_sent(*, session: Session, report: Person, now: datetime, channel: str, ts: str) -> None:
    session.execute(
        update(Delivery)
        .where(*_key(report, now))
        .values(state="sent", slack_channel=channel, slack_ts=ts, sent_at=now, attempts=1)
    )


def nudge_failed(*, session: Session, report: Person, now: datetime) -> None:
    """Give the day's nudge back, so the manager can try again."""
    session.execute(delete(Delivery).where(*_key(report, now)))


def _key(report: Person, now: datetime) -> tuple[ColumnElement[bool], ...]:
    return (
        col(Delivery.workspace_id) == report.workspace_id,
        col(Delivery.recipient) == report.slack_user_id,
        col(Delivery.kind) == KIND,
        col(Delivery.period_key) == now.date().isoformat(),
    )
