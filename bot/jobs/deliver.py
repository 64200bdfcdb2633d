"""The `deliver` job: drain the outbox."""

from __future__ import annotations

from datetime import timedelta

from bot.delivery_dispatch import drain
from bot.delivery_send import outbox_client
from bot.jobs.context import JobContext

# A scheduled run keeps going this long for rows that fall due (a 429's Retry-After, a short
# backoff), so a rate-limited workspace is not left waiting for the next tick; the trigger
# fires every minute and `max_instances=1` keeps runs from overlapping.
SCHEDULED_RUN_LASTS = timedelta(seconds=50)


def run(context: JobContext) -> dict[str, int]:
    """Send everything due now (and, when scheduled, what falls due within the minute)."""
    client = outbox_client(context.settings)
    wait_until = context.clock() + SCHEDULED_RUN_LASTS if context.scheduled else None
    report = drain(context.engine, client, clock=context.clock, wait_until=wait_until)
    return report.as_dict()
