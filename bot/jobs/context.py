"""What every job runs with."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy.engine import Engine

from bot.clock import Clock, utcnow
from bot.config import Settings


@dataclass(frozen=True)
class JobContext:
    settings: Settings
    engine: Engine
    clock: Clock = utcnow
    scheduled: bool = False  # run by the scheduler (may linger) rather than once from the CLI

    def for_scheduler(self) -> JobContext:
        return replace(self, scheduled=True)
