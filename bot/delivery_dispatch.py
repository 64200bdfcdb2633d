"""The outbox dispatcher: claim due rows, send each once, record what happened.

A claim is its own short transaction (`FOR UPDATE SKIP LOCKED` on Postgres, `BEGIN IMMEDIATE`
on SQLite) that leases rows and bumps `attempts`, which then fences every later write: a worker
whose lease was reaped and re-claimed finds `attempts` moved on and leaves the row alone. The
claim also holds back nudges over the weekly cap (`bot.delivery_cap`).

Right before the request goes out, `send_started_at` is set. It stays set while the outcome of
that send is unconfirmed (the answer was lost, or the worker's lease expired mid-send), and a
row claimed with it set is looked up in Slack first (`find_posted`): found, it is recorded as
sent with the ts Slack holds; not found, it is sent again as a new attempt. Only when Slack
cannot tell does a person decide (state `unknown`).

What is not covered: a worker stalled longer than its lease (5 minutes, against a 10-second
request timeout) whose request then still reaches Slack after another worker looked and
re-sent. `chat.postMessage` has no idempotency key to close that gap.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from sqlalchemy import case, func, or_
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select, update

from bot.clock import Clock, utcnow
from bot.db import session_scope
from bot.delivery_cap import Due, over_cap
from bot.delivery_send import Outcome, Verdict, find_posted, post
from bot.models import Delivery, Workspace

logger = logging.getLogger(__name__)

# The Slack client for a workspace id; None when the bot holds no token for that workspace.
Clients = Callable[[int], WebClient | None]

LEASE_LOST_MID_SEND = "the sender stopped while sending: Slack is checked before sending again"
NO_TOKEN = "no token for this workspace (not installed, or uninstalled)"
OVER_CAP = "over the weekly nudge cap: waits for next week"
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
    # After a lost answer, how long before looking: a request Slack received is posted by then.
    check_after: timedelta = timedelta(minutes=1)

    def backoff(self, attempts: int) -> timedelta:
        """30 s, 1 min, 2 min, ... up to the cap, for the attempt that just failed."""
        return min(self.backoff_cap, self.backoff_base * (1 << min(30, max(0, attempts - 1))))


@dataclass
class Report:
    """What one drain did, counted per outcome."""

    sent: int = 0
    found_posted: int = 0  # a lost answer, looked up: Slack had posted it
    rate_limited: int = 0
    retrying: int = 0  # a send or a look-up to try again after a backoff
    unconfirmed: int = 0  # the answer was lost: Slack is checked before sending again
    deferred: int = 0  # nudges over the weekly cap, moved to next week
    dead: int = 0
    unknown: int = 0  # Slack cannot tell whether it arrived: a person checks
    reaped: int = 0  # expired leases requeued: their send had not started
    reaped_mid_send: int = 0  # expired leases whose send had started: checked before resending

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass(frozen=True)
class Claimed:
    id: int
    workspace_id: int
    recipient: str
    payload: dict[str, Any]
    attempts: int  # after this claim: the fence for every later write
    send_started_at: datetime | None = None  # set: an earlier send's outcome is unconfirmed


@dataclass
class Batch:
    rows: list[Claimed] = field(default_factory=list)
    deferred: int = 0


def one_client(client: WebClient) -> Clients:
    """The single-token install: one client for every workspace."""
    return lambda _workspace_id: client


def drain(
    engine: Engine,
    clients: Clients,
    *,
    clock: Clock = utcnow,
    policy: Policy = Policy(),
    wait_until: datetime | None = None,
    sleep: Callable[[float], Any] = time.sleep,
) -> Report:
    """Send everything due now; with `wait_until`, also what falls due before then."""
    report = Report()
    known: dict[int, WebClient | None] = {}

    def client_for(workspace_id: int) -> WebClient | None:
        if workspace_id not in known:
            known[workspace_id] = clients(workspace_id)
        return known[workspace_id]

    with session_scope(engine, immediate=True) as session:
        report.reaped, report.reaped_mid_send = reap(session=session, now=clock())
    while True:
        batch = claim(engine, now=clock(), policy=policy)
        report.deferred += batch.deferred
        if batch.rows:
            _send_batch(engine, client_for, batch.rows, clock=clock, policy=policy, report=report)
        if batch.rows or batch.deferred:
            continue
        if wait_until is None:
            return report
        upcoming = next_due(engine)
        if upcoming is None or upcoming > wait_until:
            return report
        sleep(max(0.05, (upcoming - clock()).total_seconds()))


def reap(*, session: Session, now: datetime) -> tuple[int, int]:
    """Requeue expired leases; those caught mid-send keep `send_started_at`, to be checked."""
    expired = (col(Delivery.state) == "leased", col(Delivery.lease_until) < now)
    requeued = session.exec(
        update(Delivery)
        .where(*expired, col(Delivery.send_started_at).is_(None))
        .values(state="pending", lease_until=None)
        .execution_options(**_NO_SYNC)
    ).rowcount
    mid_send = session.exec(
        update(Delivery)
        .where(*expired, col(Delivery.send_started_at).is_not(None))
        .values(state="pending", lease_until=None, last_error=LEASE_LOST_MID_SEND)
        .execution_options(**_NO_SYNC)
    ).rowcount
    return int(requeued), int(mid_send)


def claim(engine: Engine, *, now: datetime, policy: Policy) -> Batch:
    """Lease up to a batch of due rows of workspaces not paused by a 429, and commit.

    Nudges over the weekly cap are moved to next week instead of leased.
    """
    paused = col(Workspace.sending_paused_until)
    due = (
        select(Delivery)
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
        found = list(session.exec(due).all())
        if not found:
            return Batch()
        held = over_cap(
            session=session,
            due=[
                Due(r.id or 0, r.workspace_id, r.recipient, r.kind, r.send_started_at)
                for r in found
            ],
            now=now,
        )
        for row_id, until in held.items():
            session.exec(
                update(Delivery)
                .where(col(Delivery.id) == row_id)
                .values(not_before=until, last_error=OVER_CAP)
                .execution_options(**_NO_SYNC)
            )
        leased = [r for r in found if r.id not in held]
        if leased:
            session.exec(
                update(Delivery)
                .where(col(Delivery.id).in_([r.id for r in leased]))
                .values(
                    state="leased", lease_until=now + policy.lease, attempts=Delivery.attempts + 1
                )
                .execution_options(**_NO_SYNC)
            )
        claimed = [
            Claimed(
                r.id or 0,
                r.workspace_id,
                r.recipient,
                dict(r.payload),
                r.attempts + 1,
                r.send_started_at,
            )
            for r in leased
        ]
        return Batch(claimed, deferred=len(held))


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


@dataclass(frozen=True)
class _Record:
    """What to write about one row after its send (or look-up)."""

    row: Claimed
    values: dict[str, Any]
    pause_until: datetime | None = None


def _send_batch(
    engine: Engine,
    client_for: Clients,
    batch: list[Claimed],
    *,
    clock: Clock,
    policy: Policy,
    report: Report,
) -> None:
    """Send a claimed batch row by row.

    A sent row's record rides in the transaction that starts the next send, halving the
    commits per message; if the worker dies before writing it, the row's lease expires with
    `send_started_at` set and the look-up finds the message, so nothing is sent twice.
    Every other outcome is written at once.
    """
    paused: set[int] = set()
    owed: list[_Record] = []
    for row in batch:
        if row.workspace_id in paused:
            _release(engine, row)
            continue
        client = client_for(row.workspace_id)
        outcome: Outcome | None
        if client is None:
            outcome = Outcome(Verdict.UNKNOWN if row.send_started_at else Verdict.DEAD, NO_TOKEN)
        else:
            outcome = _deliver(engine, client, row, clock=clock, policy=policy, owed=owed)
        if outcome is None:
            continue  # the lease was reaped meanwhile: another worker owns the row now
        owed.append(_record(row, outcome, now=clock(), policy=policy, report=report))
        if outcome.verdict is not Verdict.SENT:
            _write(engine, owed)
        if outcome.verdict is Verdict.RATE_LIMITED:
            paused.add(row.workspace_id)
    _write(engine, owed)


def _deliver(
    engine: Engine,
    client: WebClient,
    row: Claimed,
    *,
    clock: Clock,
    policy: Policy,
    owed: list[_Record],
) -> Outcome | None:
    """Look before sending again if an earlier send is unconfirmed; then send. None: row lost."""
    if row.send_started_at is not None:
        found = find_posted(
            client,
            row.payload,
            recipient=row.recipient,
            delivery_id=row.id,
            since=row.send_started_at,
            within=policy.lease,
        )
        if found.verdict is not Verdict.NOT_POSTED:
            return found
        if row.attempts > policy.max_attempts:  # checked: nothing posted, and no tries left
            tries = row.attempts - 1
            return Outcome(Verdict.DEAD, f"gave up after {tries} attempts; none arrived")
    if not _start_send(engine, row, now=clock(), policy=policy, owed=owed):
        return None
    return post(client, row.payload, recipient=row.recipient, delivery_id=row.id)


def _fenced(row: Claimed) -> tuple[Any, ...]:
    return (col(Delivery.id) == row.id, col(Delivery.attempts) == row.attempts)


def _start_send(
    engine: Engine, row: Claimed, *, now: datetime, policy: Policy, owed: list[_Record]
) -> bool:
    """Mark the send as started if the lease is still ours; writes `owed` records too."""
    with session_scope(engine, immediate=True) as session:
        _apply(session, owed)
        started = session.exec(
            update(Delivery)
            .where(*_fenced(row), col(Delivery.state) == "leased")
            .values(send_started_at=now, lease_until=now + policy.lease)
            .execution_options(**_NO_SYNC)
        ).rowcount
    owed.clear()
    return bool(started)


def _release(engine: Engine, row: Claimed) -> None:
    """Give back a claimed row not tried this time (its workspace just got a 429)."""
    with session_scope(engine, immediate=True) as session:
        session.exec(
            update(Delivery)
            .where(*_fenced(row), col(Delivery.state) == "leased")
            .values(state="pending", lease_until=None, attempts=row.attempts - 1)
            .execution_options(**_NO_SYNC)
        )


def _record(
    row: Claimed, outcome: Outcome, *, now: datetime, policy: Policy, report: Report
) -> _Record:
    """The row's new state for this outcome (counted in `report`)."""
    values: dict[str, Any] = {"lease_until": None}
    verdict, reason = outcome.verdict, outcome.reason
    out_of_tries = row.attempts >= policy.max_attempts
    if verdict is Verdict.RETRY and out_of_tries:
        verdict, reason = Verdict.DEAD, f"gave up after {row.attempts} attempts: {reason}"
    if verdict is Verdict.CHECK_AGAIN and out_of_tries:
        verdict, reason = Verdict.UNKNOWN, f"gave up after {row.attempts} tries: {reason}"
    pause_until: datetime | None = None
    if verdict in (Verdict.SENT, Verdict.FOUND):
        if verdict is Verdict.FOUND:
            report.found_posted += 1
        else:
            report.sent += 1
        values.update(state="sent", slack_channel=outcome.channel, slack_ts=outcome.ts)
        values["sent_at"] = now
    elif verdict is Verdict.RATE_LIMITED:
        report.rate_limited += 1
        pause_until = now + _wait(outcome, policy)
        # Slack asked us to wait and posted nothing: this try does not count.
        values.update(state="pending", not_before=pause_until, attempts=row.attempts - 1)
        values["send_started_at"] = None
    elif verdict is Verdict.RETRY:
        report.retrying += 1
        values.update(state="pending", not_before=now + policy.backoff(row.attempts))
        values["send_started_at"] = None
    elif verdict is Verdict.MAYBE_SENT:
        report.unconfirmed += 1  # send_started_at stays: the next claim looks first
        values.update(state="pending", not_before=now + policy.check_after)
    elif verdict is Verdict.CHECK_AGAIN:
        report.retrying += 1  # send_started_at stays: look again later
        wait = policy.backoff(row.attempts)
        if outcome.retry_after is not None:
            wait = _wait(outcome, policy)
        values.update(state="pending", not_before=now + wait)
    elif verdict is Verdict.DEAD:
        report.dead += 1
        values["state"] = "dead"
    else:
        report.unknown += 1
        values["state"] = "unknown"
    values["last_error"] = reason[:255] or None
    if values["state"] != "sent":
        level = logging.INFO if verdict is Verdict.RATE_LIMITED else logging.WARNING
        logger.log(level, "delivery %s: %s (%s)", row.id, verdict.value, reason)
    return _Record(row, values, pause_until)


def _write(engine: Engine, records: list[_Record]) -> None:
    if records:
        with session_scope(engine, immediate=True) as session:
            _apply(session, records)
        records.clear()


def _apply(session: Session, records: list[_Record]) -> None:
    for record in records:
        session.exec(
            update(Delivery)
            .where(*_fenced(record.row))
            .values(**record.values)
            .execution_options(**_NO_SYNC)
        )
        if record.pause_until is not None:
            until = col(Workspace.sending_paused_until)
            session.exec(
                update(Workspace)
                .where(
                    col(Workspace.id) == record.row.workspace_id,
                    or_(until.is_(None), until < record.pause_until),
                )
                .values(sending_paused_until=record.pause_until)
                .execution_options(**_NO_SYNC)
            )


def _wait(outcome: Outcome, policy: Policy) -> timedelta:
    if outcome.retry_after is None:
        return policy.default_retry_after
    return max(policy.min_retry_after, timedelta(seconds=outcome.retry_after))
