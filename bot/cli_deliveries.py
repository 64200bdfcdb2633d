"""`career-bot deliveries list` and `career-bot deliveries retry ID`: the outbox for operators."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from sqlalchemy.engine import Engine

from bot.cli import OK, REJECTED
from bot.clock import utcnow
from bot.db import session_scope
from bot.outbox.operators import NotRetryable, deliveries, retry

LIMIT = 200
WHEN = "%Y-%m-%d %H:%M"


def list_deliveries(engine: Engine, *, states: Sequence[str]) -> int:
    with session_scope(engine) as session:
        found = deliveries(session=session, states=states, limit=LIMIT + 1)
    if not found:
        which = " or ".join(states) if states else "waiting"
        print(f"No {which} deliveries.")
        return OK
    print(
        f"{'id':>6}  {'state':<8} {'team':<11} {'recipient':<12} {'kind':<16} "
        f"{'period':<12} {'tries':>5}  {'not before (UTC)':<16}  reason"
    )
    for listed in found[:LIMIT]:
        d = listed.delivery
        print(
            f"{d.id:>6}  {d.state:<8} {listed.slack_team_id:<11} {d.recipient:<12} "
            f"{d.kind:<16} {d.period_key:<12} {d.attempts:>5}  "
            f"{d.not_before.strftime(WHEN):<16}  {d.last_error or ''}"
        )
    if len(found) > LIMIT:
        print(f"(only the oldest {LIMIT} are shown)")
    if any(listed.delivery.state == "unknown" for listed in found):
        print(
            "Unknown: the bot could not check whether Slack posted these (the reason says "
            "why). Look in the recipient's DM or channel, then `career-bot deliveries retry "
            "ID` only those that did not arrive."
        )
    return OK


def retry_delivery(engine: Engine, delivery_id: int) -> int:
    try:
        with session_scope(engine) as session:
            delivery = retry(session=session, delivery_id=delivery_id, now=utcnow())
    except NotRetryable as problem:
        print(f"career-bot: {problem}", file=sys.stderr)
        return REJECTED
    print(
        f"Delivery {delivery.id} ({delivery.kind} to {delivery.recipient}) is queued again; "
        "`career-bot jobs run deliver` sends it now."
    )
    return OK
