"""Claiming outbox rows: leases, the `claims` fence, and reaping leases that expired.

A claim is its own short transaction (`FOR UPDATE SKIP LOCKED` on Postgres, `BEGIN IMMEDIATE`
on SQLite) that leases rows and bumps `claims`, which then fences every later write: a worker
whose lease was reaped and re-claimed finds `claims` moved on and leaves the row alone. `claims`
only ever grows, so no fence can match twice. A claim uses none of the row's chances
(`attempts`): only the recorded outcome of a try does (`bot.outbox.record`), so a claim given
back, or reaped because its dispatcher died, costs the row nothing. The claim also re-checks,
at send time, the recipient's working hours (`bot.outbox.hours`) and holds back nudges over
the weekly cap (`bot.outbox.cap`), and nudges to someone whose Slack status says they are
away (`bot.outbox.away`).

A reaped lease whose send had started keeps `send_started_at`, so the next claim of that row
looks in Slack before sending again (`bot.outbox.dispatch`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, or_
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select, update

from bot.db import session_scope
from bot.models import Delivery, Workspace
from bot.outbox.away import AWAY, away_holds
from bot.outbox.cap import Due, over_cap
from bot.outbox.hours import QUIET, outside_hours
from bot.outbox.policy import Policy

LEASE_LOST_MID_SEND = "the sender stopped while sending: Slack is checked before sending again"
OVER_CAP = "over the weekly nudge cap: waits for next week"
NO_SYNC = {"synchronize_session": False}
NEVER_LEASED = (
    "sent from a request before requests sent through the outbox; its outcome was never "
    "recorded: check the recipient's DM, then retry it or leave it"
)


@dataclass(frozen=True)
class Claimed:
    id: int
    workspace_id: int
    recipient: str
    payload: dict[str, Any]
    attempts: int  # this try's number: the row's `attempts` once its outcome counts
    send_started_at: datetime | None = None  # set: an earlier send's outcome is unconfirmed
    claims: int = 0  # after this claim: the fence for every later write


@dataclass
class Batch:
    rows: list[Claimed] = field(default_factory=list)
    deferred: int = 0


def fenced(row: Claimed) -> tuple[Any, ...]:
    return (col(Delivery.id) == row.id, col(Delivery.claims) == row.claims)


def reap(*, session: Session, now: datetime) -> tuple[int, int]:
    """Requeue expired leases; those caught mid-send keep `send_started_at`, to be checked.

    Their claim used none of the row's chances (`attempts` moves only when an outcome is
    recorded), so a dispatcher killed again and again never exhausts a row.
    """
    expired = (col(Delivery.state) == "leased", col(Delivery.lease_until) < now)
    requeued = session.exec(
        update(Delivery)
        .where(*expired, col(Delivery.send_started_at).is_(None))
        .values(state="pending", lease_until=None)
        .execution_options(**NO_SYNC)
    ).rowcount
    mid_send = session.exec(
        update(Delivery)
        .where(*expired, col(Delivery.send_started_at).is_not(None))
        .values(state="pending", lease_until=None, last_error=LEASE_LOST_MID_SEND)
        .execution_options(**NO_SYNC)
    ).rowcount
    return int(requeued), int(mid_send)


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


def claim(
    engine: Engine, *, now: datetime, policy: Policy, only: Collection[int] | None = None
) -> Batch:
    """Lease up to a batch of due rows of workspaces not paused by a 429, and commit.

    `only` restricts the claim to these row ids (a request sending what it just enqueued).
    Nudges and digests outside their recipient's working hours are moved to the next working
    morning, and nudges over the weekly cap to next week, instead of leased.
    """
    paused = col(Workspace.sending_paused_until)
    due = (
        select(Delivery)
        .join(Workspace, col(Workspace.id) == col(Delivery.workspace_id))
        .where(
            col(Delivery.state) == "pending",
            col(Delivery.not_before) <= now,
            or_(paused.is_(None), paused <= now),
            *([col(Delivery.id).in_(list(only))] if only is not None else []),
        )
        .order_by(col(Delivery.not_before), col(Delivery.id))
        .limit(policy.batch_size)
        # Postgres: rows another dispatcher is claiming are skipped, not waited for.
        # SQLite ignores this; BEGIN IMMEDIATE serialises claims instead.
        .with_for_update(skip_locked=True, of=Delivery)
    )
    with session_scope(engine, immediate=True) as session:
        found = list(session.exec(due).all())
        if not found:
            return Batch()
        due_rows = [
            Due(r.id or 0, r.workspace_id, r.recipient, r.kind, r.send_started_at, r.period_key)
            for r in found
        ]
        # Away first (it holds till a working morning), then working hours: a nudge held
        # is not sent now, so it takes no cap.
        away = away_holds(session=session, due=due_rows, now=now)
        rest = [d for d in due_rows if d.id not in away]
        quiet = outside_hours(session=session, due=rest, now=now)
        capped = over_cap(session=session, due=[d for d in rest if d.id not in quiet], now=now)
        held = {**away, **quiet, **capped}
        for row_id, until in held.items():
            reason = AWAY if row_id in away else QUIET if row_id in quiet else OVER_CAP
            session.exec(
                update(Delivery)
                .where(col(Delivery.id) == row_id)
                .values(not_before=until, last_error=reason)
                .execution_options(**NO_SYNC)
            )
        leased = [r for r in found if r.id not in held]
        if leased:
            session.exec(
                update(Delivery)
                .where(col(Delivery.id).in_([r.id for r in leased]))
                .values(state="leased", lease_until=now + policy.lease, claims=Delivery.claims + 1)
                .execution_options(**NO_SYNC)
            )
        claimed = [
            Claimed(
                r.id or 0,
                r.workspace_id,
                r.recipient,
                dict(r.payload),
                r.attempts + 1,
                r.send_started_at,
                r.claims + 1,
            )
            for r in leased
        ]
        return Batch(claimed, deferred=len(held))


def release(engine: Engine, row: Claimed) -> None:
    """Give back a claimed row not tried this time (its workspace just got a 429).

    Its `attempts` never moved; its `claims` stays, so this claim's fence is spent.
    """
    with session_scope(engine, immediate=True) as session:
        session.exec(
            update(Delivery)
            .where(*fenced(row), col(Delivery.state) == "leased")
            .values(state="pending", lease_until=None)
            .execution_options(**NO_SYNC)
        )


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


def latest_pause(engine: Engine) -> datetime | None:
    """The end of the latest rate-limit pause of any workspace (set by a 429's Retry-After)."""
    with session_scope(engine) as session:
        latest: datetime | None = session.exec(
            select(func.max(col(Workspace.sending_paused_until)))
        ).one()
    return latest
