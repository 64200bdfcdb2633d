"""The `lapses` job: owe each manager a weekly reminder about every lapsed report.

Idempotent: the outbox key is (manager, "lapse", report + ISO week of delivery), so running
twice, on every replica, or late after downtime owes each reminder once. A pending reminder
whose report is no longer lapsed (a conversation was logged, snoozed, paused, left) is
withdrawn before it is sent.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, delete, select

from bot.blocks.lapse import lapse_message
from bot.db import session_scope
from bot.delivery import Outgoing, enqueue_many
from bot.jobs.context import JobContext
from bot.models import Delivery
from bot.services import parse_id
from bot.services.lapses import Lapse, lapsed, next_morning, period_of

KIND = "lapse"


def run(context: JobContext) -> dict[str, int]:
    now = context.clock()
    with session_scope(context.engine) as session:
        plan = lapsed(session=session, now=now)
        messages = [_reminder(lapse, now) for lapse in plan]
        owed = enqueue_many(session=session, messages=messages, now=now)
        withdrawn = _withdraw_stale(session, plan)
    return {"lapsed": len(plan), "owed": owed, "withdrawn": withdrawn}


def _reminder(lapse: Lapse, now: datetime) -> Outgoing:
    at = next_morning(
        now,
        zone=lapse.manager_zone,
        quiet_start=lapse.quiet_hours_start,
        quiet_end=lapse.quiet_hours_end,
    )
    text, blocks = lapse_message(lapse)
    return Outgoing(
        workspace_id=lapse.workspace_id,
        recipient=lapse.manager_user_id,
        kind=KIND,
        period_key=period_of(lapse.report_id, at, lapse.manager_zone),
        text=text,
        not_before=at,
        blocks=blocks,
    )


def _withdraw_stale(session: Session, plan: list[Lapse]) -> int:
    """Delete pending reminders about reports no longer lapsed for that manager."""
    still = {(p.workspace_id, p.manager_user_id, p.report_id) for p in plan}
    pending = session.exec(
        select(Delivery.id, Delivery.workspace_id, Delivery.recipient, Delivery.period_key).where(
            Delivery.kind == KIND, Delivery.state == "pending"
        )
    ).all()
    stale = [
        row_id
        for row_id, workspace_id, recipient, key in pending
        if (workspace_id, recipient, parse_id(key.split(":", 1)[0])) not in still
    ]
    if not stale:
        return 0
    session.execute(
        delete(Delivery).where(col(Delivery.id).in_(stale), col(Delivery.state) == "pending")
    )
    return len(stale)
