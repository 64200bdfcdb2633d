"""The `retention` job: forget conversations held longer ago than the workspace keeps them.

Workspaces without a retention setting keep everything. Idempotent by nature: a second run
finds nothing older than the cutoff left.
"""

from __future__ import annotations

from bot.db import session_scope
from bot.jobs.context import JobContext
from bot.services.privacy.forget import purge_expired


def run(context: JobContext) -> dict[str, int]:
    with session_scope(context.engine, immediate=True) as session:
        return purge_expired(session=session, now=context.clock())
