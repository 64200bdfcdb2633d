"""What every job runs with."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.engine import Engine

from bot.clock import Clock, utcnow
from bot.config import Settings


@dataclass(frozen=True)
class JobContext:
    settings: Settings
    engine: Engine
    clock: Clock = utcnow
    scheduled: bool = False  # run by the scheduler (may linger) rather than once from the CLI
    sleep: Callable[[float], Any] = time.sleep  # how a job waits (tests scale it with the clock)

    def for_scheduler(self) -> JobContext:
        return replace(self, scheduled=True)
