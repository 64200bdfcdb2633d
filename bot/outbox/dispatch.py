"""The outbox dispatcher: claim due rows, send each once, record what happened.

Claiming, leases and reaping live in `bot.outbox.claim`; what each outcome writes to its row,
in `bot.outbox.record`; one send and one look-up of whether a send arrived, in
`bot.outbox.send`; the rules it runs by, in `bot.outbox.policy`. This module drives them:
`drain`, `dispatch_now` and the send loop.

There is one way to send. A request that owes a message now (a recap, a nudge from Home, an
agenda) enqueues it and, after its ack, calls `dispatch_now` with the row ids: the same claim,
lease, working-hours check and unknown-outcome rules as `drain`. What it cannot send now (not
due yet, held till morning, a failure to retry) stays in the outbox for the next `deliver` run.

Right before the request goes out, `send_started_at` is set. It stays set while the outcome of
that send is unconfirmed (the answer was lost, or the worker's lease expired mid-send), and a
row claimed with it set is looked up in Slack first (`find_posted`): found, it is recorded as
sent with the ts Slack holds; not found, it is sent again as a new attempt. Only when Slack
cannot tell does a person decide (state `unknown`). Looking up needs the `*:history` scopes, so
it is opt-in (`Policy.history_check`, SLACK_HISTORY_CHECK): without it, an unconfirmed send
goes straight to `unknown` and no history is ever read.

What is not covered: a worker stalled longer than its lease (5 minutes, against a 10-second
request timeout) whose request then still reaches Slack after another worker looked and
re-sent. `chat.postMessage` has no idempotency key to close that gap.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from sqlalchemy.engine import Engine
from sqlmodel import col, update

from bot.clock import Clock, utcnow
from bot.db import session_scope
from bot.models import Delivery
from bot.outbox.claim import (
    NO_SYNC,
    Claimed,
    claim,
    fenced,
    latest_pause,
    next_due,
    reap,
    release,
    settle_unleased,
)
from bot.outbox.policy import Policy, not_looked_up
from bot.outbox.record import Record, apply_records, record_outcome, write_records
from bot.outbox.report import Report
from bot.outbox.send import Outcome, Verdict, find_posted, post
from bot.slack.client import Clients, one_client

NO_TOKEN = "no token for this workspace (not installed, or uninstalled)"
LOGGED_WAIT = 5.0  # seconds: a wait this long is logged, so a manual run does not look stuck

logger = logging.getLogger(__name__)


def drain(
    engine: Engine,
    clients: Clients,
    *,
    clock: Clock = utcnow,
    policy: Policy = Policy(),
    wait_until: datetime | None = None,
    wait_out_limits: bool = False,
    sleep: Callable[[float], Any] = time.sleep,
) -> Report:
    """Send everything due now; with `wait_until`, also what falls due before then.

    With `wait_out_limits` (`career-bot jobs run deliver`), a workspace paused by a 429, in
    this run or before it, is waited for until its Retry-After has passed, and the run goes
    on until what was due is sent, however many 429s that takes; rows due later than the
    latest pause are left to the next run.
    """
    report = Report()
    known: dict[int, WebClient | None] = {}

    def client_for(workspace_id: int) -> WebClient | None:
        if workspace_id not in known:
            known[workspace_id] = clients(workspace_id)
        return known[workspace_id]

    with session_scope(engine, immediate=True) as session:
        report.reaped, report.reaped_mid_send = reap(session=session, now=clock())
        report.unknown += settle_unleased(session=session, now=clock())
    horizon = wait_until
    if wait_out_limits:
        horizon = _later(horizon, latest_pause(engine))
    while True:
        batch = claim(engine, now=clock(), policy=policy)
        report.deferred += batch.deferred
        if batch.rows:
            paused_until = _send_batch(
                engine, client_for, batch.rows, clock=clock, policy=policy, report=report
            )
            if wait_out_limits:
                horizon = _later(horizon, paused_until)
        if batch.rows or batch.deferred:
            continue
        if horizon is None:
            return report
        upcoming = next_due(engine)
        if upcoming is None or upcoming > horizon:
            return report
        before = clock()
        wait = max(0.05, (upcoming - before).total_seconds())
        if wait >= LOGGED_WAIT:
            logger.info("outbox: waiting %.0f s for what is due next (rate limits)", wait)
        sleep(wait)
        if clock() <= before:
            return report  # a clock that does not move (a frozen one) would wait forever


def _later(first: datetime | None, second: datetime | None) -> datetime | None:
    if first is None or second is None:
        return first or second
    return max(first, second)


def dispatch_now(
    engine: Engine,
    client: WebClient,
    ids: Collection[int],
    *,
    clock: Clock = utcnow,
    policy: Policy = Policy(),
) -> Report:
    """Send these rows now, if due, exactly as `drain` would; the rest wait for `deliver`.

    `client` must be an outbox client (no retry handlers) for the rows' workspace.
    """
    report = Report()
    if not ids:
        return report
    batch = claim(engine, now=clock(), policy=policy, only=ids)
    report.deferred = batch.deferred
    if batch.rows:
        _send_batch(
            engine, one_client(client), batch.rows, clock=clock, policy=policy, report=report
        )
    return report


def _send_batch(
    engine: Engine,
    client_for: Clients,
    batch: list[Claimed],
    *,
    clock: Clock,
    policy: Policy,
    report: Report,
) -> datetime | None:
    """Send a claimed batch row by row; returns the end of the latest 429 pause it met.

    A sent row's record rides in the transaction that starts the next send, halving the
    commits per message; if the worker dies before writing it, the row's lease expires with
    `send_started_at` set and the look-up finds the message, so nothing is sent twice.
    Every other outcome is written at once.
    """
    paused: set[int] = set()
    paused_until: datetime | None = None
    owed: list[Record] = []
    for row in batch:
        if row.workspace_id in paused:
            release(engine, row)
            continue
        client = client_for(row.workspace_id)
        outcome: Outcome | None
        if client is None:
            outcome = Outcome(Verdict.UNKNOWN if row.send_started_at else Verdict.DEAD, NO_TOKEN)
        else:
            outcome = _deliver(engine, client, row, clock=clock, policy=policy, owed=owed)
        if outcome is None:
            continue  # the lease was reaped meanwhile: another worker owns the row now
        record = record_outcome(row, outcome, now=clock(), policy=policy, report=report)
        paused_until = _later(paused_until, record.pause_until)
        owed.append(record)
        if outcome.verdict is not Verdict.SENT:
            write_records(engine, owed)
        if outcome.verdict is Verdict.RATE_LIMITED:
            paused.add(row.workspace_id)
    write_records(engine, owed)
    return paused_until


def _deliver(
    engine: Engine,
    client: WebClient,
    row: Claimed,
    *,
    clock: Clock,
    policy: Policy,
    owed: list[Record],
) -> Outcome | None:
    """Look before sending again if an earlier send is unconfirmed; then send. None: row lost.

    Without the history check nothing is looked up: an unconfirmed send is left to a person.
    """
    if row.send_started_at is not None and not policy.history_check:
        return Outcome(
            Verdict.UNKNOWN, f"an earlier send may have arrived; {not_looked_up(row.id)}"
        )
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
    sent = post(client, row.payload, recipient=row.recipient, delivery_id=row.id)
    if sent.verdict is Verdict.MAYBE_SENT and not policy.history_check:
        return Outcome(Verdict.UNKNOWN, f"{sent.reason}; {not_looked_up(row.id)}")
    return sent


def _start_send(
    engine: Engine, row: Claimed, *, now: datetime, policy: Policy, owed: list[Record]
) -> bool:
    """Mark the send as started if the lease is still ours; writes `owed` records too."""
    with session_scope(engine, immediate=True) as session:
        apply_records(session, owed)
        started = session.exec(
            update(Delivery)
            .where(*fenced(row), col(Delivery.state) == "leased")
            .values(send_started_at=now, lease_until=now + policy.lease)
            .execution_options(**NO_SYNC)
        ).rowcount
    owed.clear()
    return bool(started)
