"""The workspace admin settings as the modal shows and submits them, and their bounds."""

from __future__ import annotations

from dataclasses import dataclass

MAX_MIN_GROUP = 50
MAX_NUDGE_CAP = 20
MAX_RETENTION_MONTHS = 240
MAX_ADMINS = 50


@dataclass(frozen=True)
class AdminSettings:
    """The workspace's settings as the modal shows and submits them (raw text for numbers)."""

    cadence: str
    quiet_start: str | None
    quiet_end: str | None
    digest_weekday: str | None
    digest_hour: str | None
    min_group_size: str | None
    weekly_nudge_cap: str | None
    retention_months: str | None
    admin_user_ids: list[str]
