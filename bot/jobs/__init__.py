"""The scheduled jobs and the APScheduler that runs them on every replica.

Jobs are idempotent sweeps over database state, so running one on every replica, twice,
or late after downtime sends each message once; the in-memory job store is deliberate
(a shared job store duplicates jobs, per APScheduler's FAQ).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.jobs import deliver, lapses
from bot.jobs.context import JobContext

__all__ = ["Job", "JobContext", "all_jobs", "build_scheduler", "job_named"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    summary: str
    arrives_with: str | None = None  # what still has to be built; None when it works
    # Returns counts by outcome, e.g. {"sent": 3, "dead": 1}; the CLI prints them.
    run: Callable[[JobContext], dict[str, int]] | None = None
    trigger: BaseTrigger | None = None

    @property
    def available(self) -> bool:
        return self.run is not None


def all_jobs() -> list[Job]:
    """Every job name of the public contract, available or not."""
    return [
        Job(
            "lapses",
            "DM managers whose reports are past their cadence",
            run=lapses.run,
            trigger=IntervalTrigger(minutes=15),
        ),
        Job("followups", "follow-up recaps between conversations", "the hosting work"),
        Job("prep-reminders", "prep reminders before a scheduled conversation", "the hosting work"),
        Job("digests", "weekly coverage digests to team channels", "the scheduling work"),
        Job(
            "deliver",
            "send what the outbox holds",
            run=deliver.run,
            trigger=IntervalTrigger(minutes=1),
        ),
    ]


def job_named(name: str) -> Job | None:
    return next((job for job in all_jobs() if job.name == name), None)


def build_scheduler(jobs: list[Job], context: JobContext) -> BackgroundScheduler:
    """A scheduler with every available job, each also run once at start-up to catch up."""
    context = context.for_scheduler()
    scheduler = BackgroundScheduler(
        timezone="UTC",
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
    )
    for job in jobs:
        if job.run is None:
            continue
        trigger = job.trigger or IntervalTrigger(minutes=5)
        scheduler.add_job(job.run, trigger, args=[context], id=job.name, name=job.name)
        scheduler.add_job(
            job.run, args=[context], id=f"{job.name}-at-start", name=f"{job.name} (catch-up)"
        )
    return scheduler
