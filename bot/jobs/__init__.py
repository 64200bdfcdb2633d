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
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.jobs import deliver, digests, followups, lapses, prep_reminders, retention
from bot.jobs.context import JobContext

__all__ = ["Job", "JobContext", "all_jobs", "build_scheduler", "job_named"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    summary: str
    # Returns counts by outcome, e.g. {"sent": 3, "dead": 1}; the CLI prints them.
    run: Callable[[JobContext], dict[str, int]]
    trigger: BaseTrigger


def all_jobs() -> list[Job]:
    """Every job of the public contract."""
    return [
        Job(
            "lapses",
            "DM managers whose reports are past their cadence",
            run=lapses.run,
            trigger=IntervalTrigger(minutes=15),
        ),
        Job(
            "followups",
            "follow-up recaps between conversations",
            run=followups.run,
            trigger=IntervalTrigger(minutes=15),
        ),
        Job(
            "prep-reminders",
            "prep reminders before a scheduled conversation",
            run=prep_reminders.run,
            trigger=IntervalTrigger(minutes=15),
        ),
        Job(
            "digests",
            "weekly coverage digests to team channels",
            run=digests.run,
            trigger=IntervalTrigger(minutes=15),
        ),
        Job(
            "deliver",
            "send what the outbox holds",
            run=deliver.run,
            trigger=IntervalTrigger(minutes=1),
        ),
        Job(
            "retention",
            "forget conversations older than the workspace's retention setting",
            run=retention.run,
            trigger=CronTrigger(hour=2, minute=30, timezone="UTC"),  # daily; and at start-up
        ),
    ]


def job_named(name: str) -> Job | None:
    return next((job for job in all_jobs() if job.name == name), None)


def build_scheduler(jobs: list[Job], context: JobContext) -> BackgroundScheduler:
    """A scheduler with every job, each also run once at start-up to catch up."""
    context = context.for_scheduler()
    scheduler = BackgroundScheduler(
        timezone="UTC",
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
    )
    for job in jobs:
        scheduler.add_job(job.run, job.trigger, args=[context], id=job.name, name=job.name)
        scheduler.add_job(
            job.run, args=[context], id=f"{job.name}-at-start", name=f"{job.name} (catch-up)"
        )
    return scheduler
