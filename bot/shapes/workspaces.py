"""The workspace admin settings as the modal shows and submits them, and their bounds."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

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
    # Words in a Slack status that mean away, comma-separated; None or "": none.
    away_words: str | None = None


class AdminProblem(Enum):
    """What is wrong with a workspace setting (`bot.blocks.replies.admin_errors` words it)."""

    NO_CADENCE = "no_cadence"
    NOT_AN_HOUR = "not_an_hour"
    NO_WEEKDAY = "no_weekday"
    GROUP_SIZE = "group_size"  # not 1 to MAX_MIN_GROUP
    NUDGE_CAP = "nudge_cap"  # not 1 to MAX_NUDGE_CAP
    RETENTION = "retention"  # not 1 to MAX_RETENTION_MONTHS
    NOT_PEOPLE = "not_people"
    TOO_MANY_ADMINS = "too_many_admins"  # more than MAX_ADMINS
    AWAY_WORDS = "away_words"  # a word too long or with odd characters, or too many words
