"""What a send's outcome means for its row, and writing that under the claim's fence.

Every write is fenced by the row's `claims` (`bot.outbox.claim.fenced`), so a worker whose
lease was reaped and re-claimed writes nothing. A 429 on a send also pauses the whole workspace,
never shortening a pause already set.

A try uses up one of the row's chances (`attempts`, up to `Policy.max_attempts`) only when its
outcome is recorded here, and only when Slack failed it: a 429, on a send or on the look-up
before one, asked us to wait and used none. A claim whose dispatcher died records nothing, so
it uses none either (`bot.outbox.claim.reap`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, update

from bot.db import session_scope
from bot.models import Delivery, Workspace
from bot.outbox.claim import NO_SYNC, Claimed, fenced
from bot.outbox.policy import Policy
from bot.outbox.report import Report
from bot.outbox.send import Outcome, Verdict

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Record:
    """What to write about one row after its send (or look-up)."""

    row: Claimed
    values: dict[str, Any]
    pause_until: datetime | None = None


def record_outcome(
    row: Claimed, outcome: Outcome, *, now: datetime, policy: Policy, report: Report
) -> Record:
    """The row's new state for this outcome (counted in `report`)."""
    values: dict[str, Any] = {"lease_until": None}
    verdict, reason = outcome.verdict, outcome.reason
    # Slack asked us to wait (429) and did nothing: this try does not count.
    if verdict not in (Verdict.RATE_LIMITED, Verdict.CHECK_LATER):
        values["attempts"] = row.attempts
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
        values.update(state="pending", not_before=pause_until)
        values["send_started_at"] = None  # Slack posted nothing
    elif verdict is Verdict.RETRY:
        report.retrying += 1
        values.update(state="pending", not_before=now + policy.backoff(row.attempts))
        values["send_started_at"] = None
    elif verdict is Verdict.MAYBE_SENT:
        report.unconfirmed += 1  # send_started_at stays: the next claim looks first
        values.update(state="pending", not_before=now + policy.check_after)
    elif verdict is Verdict.CHECK_AGAIN:
        report.retrying += 1  # send_started_at stays: look again later
        values.update(state="pending", not_before=now + policy.backoff(row.attempts))
    elif verdict is Verdict.CHECK_LATER:
        report.retrying += 1  # send_started_at stays: look again after Retry-After
        values.update(state="pending", not_before=now + _wait(outcome, policy))
    elif verdict is Verdict.DEAD:
        report.dead += 1
        values["state"] = "dead"
    else:
        report.unknown += 1
        values["state"] = "unknown"
    values["last_error"] = reason[:255] or None
    if values["state"] != "sent":
        waited = verdict in (Verdict.RATE_LIMITED, Verdict.CHECK_LATER)
        level = logging.INFO if waited else logging.WARNING
        logger.log(level, "delivery %s: %s (%s)", row.id, verdict.value, reason)
    return Record(row, values, pause_until)


def write_records(engine: Engine, records: list[Record]) -> None:
    if records:
        with session_scope(engine, immediate=True) as session:
            apply_records(session, records)
        records.clear()


def apply_records(session: Session, records: list[Record]) -> None:
    for record in records:
        session.exec(
            update(Delivery)
            .where(*fenced(record.row))
            .values(**record.values)
            .execution_options(**NO_SYNC)
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
                .execution_options(**NO_SYNC)
            )


def _wait(outcome: Outcome, policy: Policy) -> timedelta:
    if outcome.retry_after is None:
        return policy.default_retry_after
    return max(policy.min_retry_after, timedelta(seconds=outcome.retry_after))
