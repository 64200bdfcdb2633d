"""A prep as its modals and messages show it: the draft's steps, the agenda, the briefing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum


@dataclass(frozen=True)
class Agenda:
    """A sent prep, as both people's messages show it."""

    employee_user_id: str
    partner_user_id: str
    shared: bool
    answers: dict[str, str]


@dataclass(frozen=True)
class Line:
    text: str
    on: date | None = None
    detail: str | None = None


@dataclass(frozen=True)
class Briefing:
    """What the partner gets to prepare with, when the employee shared their prep."""

    goals: list[Line]
    goals_total: int
    items: list[Line]
    items_total: int
    last_held_on: date | None
    last_notes: str
    conversations_together: int


STEPS: tuple[tuple[str, ...], ...] = (
    ("feeling", "direction", "passions", "strengths"),
    ("improve", "learn", "satisfying", "unsatisfying"),
    ("support", "partner", "share"),
)


LAST_STEP = len(STEPS)
REQUIRED = frozenset({"feeling", "direction", "improve", "partner"})


@dataclass(frozen=True)
class Draft:
    """What a prep modal shows: the saved answers and choices."""

    prep_id: int | None
    answers: dict[str, str] = field(default_factory=dict)
    partner_user_id: str | None = None
    shared: bool = False


class PrepProblem(Enum):
    """What is wrong with a prep field (`bot.blocks.replies.prep_errors` words it)."""

    FILL_IN = "fill_in"
    TOO_LONG = "too_long"  # over MAX_TEXT characters
    NOT_A_DIRECTION = "not_a_direction"
    NOT_YOURSELF = "not_yourself"


@dataclass(frozen=True)
class FieldProblem:
    problem: PrepProblem
    length: int = 0  # how long the text is, for TOO_LONG
