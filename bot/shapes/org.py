"""A reporting-line change's question and introduction, and a person's own settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any


@dataclass(frozen=True)
class Offer:
    """What the employee is asked about: how much there is of each thing to pass on."""

    handover_id: int
    employee_user_id: str
    old_manager_user_id: str
    new_manager_user_id: str
    goals: int
    last_recap_on: date | None
    items: int


@dataclass(frozen=True)
class Passed:
    """What the employee passed on to the new manager, as the introduction lists it."""

    employee_user_id: str
    new_manager_user_id: str
    goals: list[str]
    goals_total: int
    recap_on: date | None
    recap_notes: str
    items: list[tuple[str, date | None]]
    items_total: int

    @property
    def nothing(self) -> bool:
        return not (self.goals or self.recap_on or self.items)


Message = tuple[str, list[dict[str, Any]]]  # a DM's fallback text and its blocks
Ask = Callable[[Offer], Message]  # the question's words (`bot.blocks.handover.question_message`)
Introduce = Callable[[Passed], Message]  # the introduction's (`blocks.handover.intro_message`)

MAX_MENTORS = 5


@dataclass(frozen=True)
class CurrentSettings:
    manager_user_id: str | None
    manager_from_directory: bool
    mentor_user_ids: list[str]
    cadence: str
    paused_until: date | None
    tz_override: str | None


class SettingsProblem(Enum):
    """What is wrong with a settings field (`bot.blocks.replies.settings_errors` words it)."""

    OWN_MANAGER = "own_manager"
    MANAGER_REPORTS_TO_YOU = "manager_reports_to_you"
    OWN_MENTOR = "own_mentor"
    TOO_MANY_MENTORS = "too_many_mentors"  # more than MAX_MENTORS
    NO_CADENCE = "no_cadence"
    PAUSE_NOT_AHEAD = "pause_not_ahead"
    NOT_A_ZONE = "not_a_zone"
