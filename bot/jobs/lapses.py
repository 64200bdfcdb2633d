"""The `lapses` job: owe each manager a weekly reminder about every lapsed report.

Idempotent: the outbox key is (manager, "lapse", report + ISO week of delivery), so running
twice, on every replica, or late after downtime owes each reminder once. A pending reminder
whose report is no longer lapsed (a conversation was logged, snoozed, paused, left) is
withdrawn before it is sent.

At most one reminder per report is in flight: none is owed while an earlier one still waits
(the weekly nudge cap may have moved it to next week), or landed less than `REPEAT_AFTER`
before this one would. So a manager over the cap gets the waiting reminders first and no
backlog builds up, and one report never gets two reminders days apart.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select as select_columns
from sqlmodel import Session, col, or_

from bot.blocks.lapse import lapse_message
from bot.db import session_scope
from bot.jobs.context import JobContext
from bot.jobs.deliver import clients_for
from bot.jobs.zones import refresh_zones
from bot.models import Delivery
from bot.outbox.enqueue import Outgoing, enqueue_many, withdraw_pending
from bot.services.nudges.lapses import lapsed, period_of
from bot.shapes.ids import parse_id
from bot.shapes.nudges import Lapse
from bot.timing import next_morning

KIND = "lapse"
REPEAT_AFTER = timedelta(days=6)  # weekly, give or take a working-day morning
WAITING = ("pending", "leased")
About = tuple[int, str, int | None]  # (workspace, manager, report)


def run(context: JobContext) -> dict[str, int]:
    now = context.clock()
    # Managers' zones first, so the reminders planned below land in their mornings.
    clients = clients_for(context.settings, context.engine)
    zones_asked = refresh_zones(clients, context.engine, now=now)
    with session_scope(context.engine) as session:
        plan = lapsed(session=session, now=now)
        withdrawn = _withdraw_stale(session, plan)
        messages = [_reminder(lapse, now) for lapse in plan]
        earliest = min((m.not_before for m in messages), default=now)
        waiting, latest = _recent(session, since=earliest - REPEAT_AFTER)
        messages = [m for m in messages if not _too_soon(m, waiting, latest)]
        owed = enqueue_many(session=session, messages=messages, now=now)
    return {"lapsed": len(plan), "owed": owed, "withdrawn": withdrawn, "zones": zones_asked}


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


def _about(workspace_id: int, recipient: str, period_key: str) -> About:
    return workspace_id, recipient, parse_id(period_key.split(":", 1)[0])


def _recent(session: Session, *, since: datetime) -> tuple[set[About], dict[About, datetime]]:
    """Reminders still waiting to be sent, and the latest due time of those due after `since`."""
    rows = session.execute(
        select_columns(
            col(Delivery.workspace_id),
            col(Delivery.recipient),
            col(Delivery.period_key),
            col(Delivery.state),
            col(Delivery.not_before),
        ).where(
            col(Delivery.kind) == KIND,
            or_(col(Delivery.state).in_(WAITING), col(Delivery.not_before) > since),
        )
    ).all()
    waiting: set[About] = set()
    latest: dict[About, datetime] = {}
    for workspace_id, recipient, key, state, not_before in rows:
        about = _about(workspace_id, recipient, key)
        if state in WAITING:
            waiting.add(about)
        elif about not in latest or not_before > latest[about]:
            latest[about] = not_before
    return waiting, latest


def _too_soon(message: Outgoing, waiting: set[About], latest: dict[About, datetime]) -> bool:
    """Whether a reminder about this report still waits, or one landed too recently."""
    about = _about(message.workspace_id, message.recipient, message.period_key)
    before = latest.get(about)
    return about in waiting or (before is not None and before > message.not_before - REPEAT_AFTER)


def _withdraw_stale(session: Session, plan: list[Lapse]) -> int:
    """Delete pending reminders about reports no longer lapsed for that manager."""
    still = {(p.workspace_id, p.manager_user_id, p.report_id) for p in plan}
    return withdraw_pending(
        session=session,
        kind=KIND,
        keep=lambda workspace_id, recipient, key: _about(workspace_id, recipient, key) in still,
    )
