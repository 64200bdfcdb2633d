"""The `retention` job: forget conversations held longer ago than the workspace keeps them,
and the ids of events processed longer ago than Slack retries them.

Workspaces without a retention setting keep every conversation. Idempotent by nature: a second
run finds nothing older than the cutoffs left.
"""

from __future__ import annotations

from bot.db import session_scope
from bot.jobs.context import JobContext
from bot.services.privacy.forget import purge_expired
from bot.services.workspaces.events import forget_old_events


def run(context: JobContext) -> dict[str, int]:
    now = context.clock()
    with session_scope(context.engine, immediate=True) as session:
        counts = purge_expired(session=session, now=now)
        counts["events_forgotten"] = forget_old_events(session=session, now=now)
    return counts
