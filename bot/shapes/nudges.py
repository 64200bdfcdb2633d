"""What the lapse reminders and the weekly team digest carry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from enum import Enum

LAPSED_SHOWN = 15  # lapsed pairs the lead's DM lists by name; the rest are counted


@dataclass(frozen=True)
class DigestTeam:
    """A team whose digest for one of the lead's weeks may be owed now."""

    workspace_id: int
    team_id: int
    name: str
    channel: str
    min_group_size: int
    week_start: date  # Monday of the lead's local ISO week the digest lands in
    at: datetime  # the digest moment in UTC: digest weekday and hour in the lead's zone
    lead_user_id: str  # who gets the names of the lapsed pairs, by DM; the channel never does

    @property
    def period_key(self) -> str:
        """Once a week per team: the team and the ISO week of the lead's local digest day."""
        year, week, _ = self.week_start.isocalendar()
        return f"{self.team_id}:{year}-W{week:02d}"


@dataclass(frozen=True)
class LapsedPair:
    report_user_id: str
    manager_user_id: str
    days_since: int
    ever_met: bool  # False: days since they joined, they have never had one


@dataclass(frozen=True)
class Figures:
    """The numbers of one digest; `_before` values are the same measure one period earlier."""

    members: int
    covered: int
    members_before: int
    covered_before: int
    lapsed: list[LapsedPair]
    due_this_week: int
    goals_set: int
    goals_set_before: int
    items_done: int
    items_done_before: int


@dataclass(frozen=True)
class Digest:
    team: DigestTeam
    figures: Figures | None  # None: fewer members than the workspace's minimum group size


PLAN_AHEAD_DAYS = 90  # "Schedule it" takes a day from today to this many days on
PLAN_FIELD = "planned_on"


@dataclass(slots=True)
class Lapse:
    """One report past their cadence, and the manager who gets the reminder.

    Not frozen: a frozen dataclass sets every field through `object.__setattr__`, three times
    slower to build, and planning builds one per lapsed pair.
    """

    workspace_id: int
    report_id: int
    report_user_id: str
    manager_id: int
    manager_user_id: str
    manager_zone: tzinfo
    days_since: int
    last_on: date | None
    quiet_hours_start: int
    quiet_hours_end: int


class PlanProblem(Enum):
    """Why a day cannot be planned (`bot.blocks.replies.plan_problem` says it in words)."""

    NO_DAY = "no_day"
    PASSED = "passed"
    TOO_FAR = "too_far"
