"""The `followups` job, run at a moment of the followup world (NOW unless told)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Engine

from bot.config import Settings
from tests.support.followup_world import NOW, run


def run_followups(engine: Engine, settings: Settings, at: datetime = NOW) -> dict[str, int]:
    return run(engine, settings, "followups", at)
