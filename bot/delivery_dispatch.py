"""The outbox dispatcher: claim due rows, send each once, record what happened.

A claim is its own short transaction (`FOR UPDATE SKIP LOCKED` on Postgres, `BEGIN IMMEDIATE`
on SQLite) that leases rows and bumps `attempts`, which then fences every later write: a worker
whose lease was reaped and re-claimed finds `attempts` moved on and leaves the row alone. Right
before the request goes out, `send_started_at` is set, so the reaper can tell a lease that
expired before sending (requeued) from one that expired mid-send (unknown: never resent).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from sqlalchemy import case, func, or_
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select, update

from bot.clock import Clock, utcnow
from bot.db import session_scope
from bot.delivery_send import Outcome, Verdict, post
from bot.models import Delivery, Workspace

logger = logging.getLogger(__name__)

LEASE_LOST_MID_SEND = "the sender stopped while sending: check Slack before retrying"
_NO_SYNC = {"synchronize_session": False}


@dataclass(frozen=True)
class Policy:
    lease: timedelta = timedelta(minutes=5)
    batch_size: int = 20
    max_attempts: int = 8
    backoff_base: timedelta = timedelta(seconds=30)
    backoff_cap: timedelta = timedelta(hours=1)
    min_retry_after: timedelta = timedelta(seconds=1)
    default_retry_after: timedelta = timedelta(seconds=30)  # a 429 without Retry-After

    def backoff(self, attempts: int) -> timedelta:
        """30 s, 1 min, 2 min, ... up to the cap, for the attempt that just failed."""
        return min(self.backoff_cap, self.backoff_base * (1 << min(30, max(0, attempts - 1))))


@dataclass
class Report:
    """What one drain did, counted per outcome."""

    sent: int = 0
    rate_limited: int = 0
    retrying: int = 0
    dead: int = 0
    unknown: int = 0
    reaped: int = 0  # expired leases requeued: their send had not started
    reaped_unknown: int = 0  # expired leases whose send had started

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass(frozen=True)
class Claimed:
    id: int
    workspace_id: int
    recipient: str
    payload: dict[str, Any]
    attempts: int  # after this claim: the fence for every later write


def drain(
    engine: Engine,
    client: WebClient,
    *,
    clock: Clock = utcnow,
    policy: Policy = Policy(),
    wait_until: datetime | None = None,
    sleep: Callable[[float], Any] = time.sleep,
) -> Report:
    """Send everything due now; with `wait_until`, also what falls due before then."""
    report = Report()
    with session_scope(engine, immediate=True) as session:
        report.reaped, report.reaped_unknown = reap(session=session, now=clock())
    while True:
        batch = claim(engine, now=clock(), policy=policy)
        if batch:
            _send_batch(engine, client, batch, clock=clock, policy=policy, report=report)
            continue
        if wait_until is None:
            return report
        upcoming = next_due(engine)
        if upcoming is None or upcoming > wait_until:
            return report
        sleep(max(0.05, (upcoming - clock()).total_seconds()))


def reap(*, session: Session, now: datetime) -> tuple[int, int]:
    """Expired leases: requeue those never sent, mark unknown those caught mid-send."""
    expired = (col(Delivery.state) == "leased", col(Delivery.lease_until) < now)
    requeued = session.exec(
        update(Delivery)
        .where(*expired, col(Delivery.send_started_at).is_(None))
        .values(state="pending", lease_until=None)
        .execution_options(**_NO_SYNC)
    ).rowcount
    unknown = session.exec(
        update(Delivery)
        .where(*expired, col(Delivery.send_started_at).is_not(None))
        .values(state="unknown", lease_until=None, last_error=LEASE_LOST_MID_SEND)
        .execution_options(**_NO_SYNC)
    ).rowcount
    return int(requeued), int(unknown)


def claim(engine: Engine, *, now: datetime, policy: Policy) -> list[Claimed]:
    """Lease up to a batch of due rows of workspaces not paused by a 429, and commit."""
    paused = col(Workspace.sending_paused_until)
    due = (
        select(Delivery.id)
        .join(Workspace, col(Workspace.id) == col(Delivery.workspace_id))
        .where(
            col(Delivery.state) == "pending",
            col(Delivery.not_before) <= now,
            or_(paused.is_(None), paused <= now),
        )
        .order_by(col(Delivery.not_before), col(Delivery.id))
        .limit(policy.batch_size)
        # Postgres: rows another dispatcher is claiming are skipped, not waited for.
        # SQLite ignores this; BEGIN IMMEDIATE serialises claims instead.
        .with_for_update(skip_locked=True, of=Delivery)
    )
    with session_scope(engine, immediate=True) as session:
        ids = list(session.exec(due).all())
        if not ids:
            return []
        session.exec(
            update(Delivery)
            .where(col(Delivery.id).in_(ids))
            .values(state="leased", lease_until=now + policy.lease, attempts=Delivery.attempts + 1)
            .execution_options(**_NO_SYNC)
        )
        rows = session.exec(
            select(Delivery).where(col(Delivery.id).in_(ids)).order_by(col(Delivery.id))
        ).all()
        return [
            Claimed(r.id or 0, r.workspace_id, r.recipient, dict(r.payload), r.attempts)
            for r in rows
        ]


def next_due(engine: Engine) -> datetime | None:
    """When the earliest pending row may go, counting its workspace's pause."""
    paused = col(Workspace.sending_paused_until)
    due_at = case((paused > col(Delivery.not_before), paused), else_=col(Delivery.not_before))
    with session_scope(engine) as session:
        earliest: datetime | None = session.exec(
            select(func.min(due_at))
            .select_from(Delivery)
            .join(Workspace, col(Workspace.id) == col(Delivery.workspace_id))
            .where(col(Delivery.state) == "pending")
        ).one()
    return earliest


def _send_batch(
    engine: Engine,
    client: WebClient,
    batch: list[Claimed],
    *,
    clock: Clock,
    policy: Policy,
    report: Report,
) -> None:
    paused: set[int] = set()
    for row in batch:
        if row.workspace_id in paused:
            _release(engine, row)
            continue
        if not _start_send(engine, row, now=clock(), policy=policy):
            continue  # the lease was reaped meanwhile: another worker owns the row now
        outcome = post(client, row.payload, recipient=row.recipient)
        _record(engine, row, outcome, now=clock(), policy=policy, report=report)
        if outcome.verdict is Verdict.RATE_LIMITED:
            paused.add(row.workspace_id)


def _fenced(row: Claimed) -> tuple[Any, ...]:
    return (col(Delivery.id) == row.id, col(Delivery.attempts) == row.attempts)


def _start_send(engine: Engine, row: Claimed, *, now: datetime, policy: Policy) -> bool:
    with session_scope(engine, immediate=True) as session:
        started = session.exec(
            update(Delivery)
            .where(
                *_fenced(row),
                col(Delivery.state) == "leased",
                col(Delivery.send_started_at).is_(None),
            )
            .values(send_started_at=now, lease_until=now + policy.lease)
            .execution_options(**_NO_SYNC)
        ).rowcount
    return bool(started)


def _release(engine: Engine, row: Claimed) -> None:
    """Give back a claimed row that was never sent (its workspace just got a 429)."""
    with session_scope(engine, immediate=True) as session:
        session.exec(
            update(Delivery)
            .where(
                *_fenced(row),
                col(Delivery.state) == "leased",
                col(Delivery.send_started_at).is_(None),
            )
            .values(state="pending", lease_until=None, attempts=row.attempts - 1)
            .execution_options(**_NO_SYNC)
        )


def _record(
    engine: Engine,
    row: Claimed,
    outcome: Outcome,
    *,
    now: datetime,
    policy: Policy,
    report: Report,
) -> None:
    values: dict[str, Any] = {"lease_until": None, "last_error": outcome.reason[:255] or None}
    verdict = outcome.verdict
    if verdict is Verdict.RETRY and row.attempts >= policy.max_attempts:
        verdict = Verdict.DEAD
        values["last_error"] = f"gave up after {row.attempts} attempts: {outcome.reason}"[:255]
    pause_until: datetime | None = None
    if verdict is Verdict.SENT:
        report.sent += 1
        values.update(state="sent", slack_channel=outcome.channel, slack_ts=outcome.ts)
        values["sent_at"] = now
    elif verdict is Verdict.RATE_LIMITED:
        report.rate_limited += 1
        wait = policy.default_retry_after
        if outcome.retry_after is not None:
            wait = max(policy.min_retry_after, timedelta(seconds=outcome.retry_after))
        pause_until = now + wait
        # Slack asked us to wait and posted nothing: this try does not count.
        values.update(state="pending", not_before=pause_until, attempts=row.attempts - 1)
        values["send_started_at"] = None
    elif verdict is Verdict.RETRY:
        report.retrying += 1
        values.update(state="pending", not_before=now + policy.backoff(row.attempts))
        values["send_started_at"] = None
    elif verdict is Verdict.DEAD:
        report.dead += 1
        values["state"] = "dead"
    else:
        report.unknown += 1
        values["state"] = "unknown"
    if verdict is not Verdict.SENT:
        level = logging.INFO if verdict is Verdict.RATE_LIMITED else logging.WARNING
        logger.log(level, "delivery %s: %s (%s)", row.id, verdict.value, values["last_error"])
    with session_scope(engine, immediate=True) as session:
        session.exec(
            update(Delivery).where(*_fenced(row)).values(**values).execution_options(**_NO_SYNC)
        )
        if pause_until is not None:
            until = col(Workspace.sending_paused_until)
            session.exec(
                update(Workspace)
                .where(
                    col(Workspace.id) == row.workspace_id,
                    or_(until.is_(None), until < pause_until),
                )
                .values(sending_paused_until=pause_until)
                .execution_options(**_NO_SYNC)
            )
