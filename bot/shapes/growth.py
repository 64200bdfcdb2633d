"""Goals and skills as blocks read them: the fields shown, the horizons, the order, the trend.

A goal or skill row (`bot.models.Goal`, `Skill`, `SkillRating`) has these fields, so a service
hands its rows over as they are; the blocks see only what is declared here.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Protocol, TypeVar

HORIZON_MONTHS = {"short": 6, "medium": 12, "long": 18}  # in the order of `models.HORIZONS`
STATUSES = ("active", "done", "dropped")
MAX_NAME = 80
MIN_OPTIONS = 3
HISTORY = 12  # ratings kept in a trend line


class GoalView(Protocol):
    """What is shown of a goal."""

    @property
    def id(self) -> int | None: ...
    @property
    def title(self) -> str: ...
    @property
    def relevant(self) -> str: ...
    @property
    def experiment(self) -> str: ...
    @property
    def aspiration(self) -> str: ...
    @property
    def learning(self) -> str: ...
    @property
    def horizon(self) -> str: ...
    @property
    def target_on(self) -> date: ...
    @property
    def skill_id(self) -> int | None: ...
    @property
    def status(self) -> str: ...


class SkillView(Protocol):
    """What is shown of a skill."""

    @property
    def id(self) -> int | None: ...
    @property
    def name(self) -> str: ...
    @property
    def ten_looks_like(self) -> str: ...
    @property
    def options(self) -> Sequence[str]: ...
    @property
    def approach(self) -> str: ...
    @property
    def target_6m(self) -> int | None: ...
    @property
    def target_12m(self) -> int | None: ...
    @property
    def target_18m(self) -> int | None: ...


class RatingView(Protocol):
    """What is shown of one rating."""

    @property
    def rating(self) -> int: ...
    @property
    def rated_on(self) -> date: ...


G = TypeVar("G", bound=GoalView)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def sort_goals(goals: Iterable[G]) -> list[G]:
    """Active before done before dropped; then short before long, soonest date first."""
    return sorted(
        goals,
        key=lambda g: (
            STATUSES.index(g.status),
            HORIZON_MONTHS[g.horizon],
            g.target_on,
            g.id or 0,
        ),
    )


@dataclass(frozen=True)
class SkillTrend:
    """A skill with its owner's own ratings, oldest first (the last HISTORY of them)."""

    skill: SkillView
    ratings: Sequence[RatingView] = field(default_factory=list)

    @property
    def latest(self) -> RatingView | None:
        return self.ratings[-1] if self.ratings else None


class GoalProblem(Enum):
    """What is wrong with a goal form's field (`bot.blocks.field_errors` words it)."""

    NOT_A_HORIZON = "not_a_horizon"
    PAST = "past"  # a new target date before today
    TOO_FAR = "too_far"  # numbers: years (the furthest ahead a target may be)
    NOT_YOUR_SKILL = "not_your_skill"


class SkillProblem(Enum):
    """What is wrong with a skill form's field (`bot.blocks.field_errors` words it)."""

    NOT_A_RATING = "not_a_rating"  # not a whole number from 1 to 10
    FEW_OPTIONS = "few_options"  # numbers: min (options wanted), count (options given)
    OPTION_TOO_LONG = "option_too_long"  # numbers: max (characters)
    NAME_TAKEN = "name_taken"  # another of the person's skills has this name
    BELOW_RATING = "below_rating"  # numbers: floor (today's rating)
    BELOW_TARGET = "below_target"  # numbers: floor, months (the earlier target's)
