"""Conversations as the blocks show them: history entries, the App Home's cycles and open
items, the guide's prompt bank, the log form's steps and prefill, recaps and follow-ups."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from bot.shapes.privacy import is_erased

DUE_SOON_DAYS = 14


@dataclass(frozen=True)
class Entry:
    conversation_id: int
    held_on: date
    kind: str
    employee_user_id: str
    shared_notes: str
    items_total: int
    items_done: int
    next_on: date | None


@dataclass(frozen=True)
class Cycle:
    """Where one employee stands: their last conversation and when the next is due."""

    last_on: date | None
    last_partner_user_id: str | None
    next_on: date
    days_since: int
    cadence_days: int
    paused_until: date | None
    today: date

    @property
    def status(self) -> str:
        """`on_track`, `due_soon`, `lapsed` or `paused`."""
        if self.paused_until and self.paused_until > self.today:
            return "paused"
        if self.days_since > self.cadence_days:
            return "lapsed"
        if self.days_since > self.cadence_days - DUE_SOON_DAYS:
            return "due_soon"
        return "on_track"


@dataclass(frozen=True)
class ReportStatus:
    person_id: int
    slack_user_id: str
    cycle: Cycle


@dataclass(frozen=True)
class OpenItem:
    id: int
    body: str
    due_on: date | None


@dataclass(frozen=True)
class Part:
    key: str
    title: str
    minutes: int
    aim: str
    prompts: tuple[str, ...]


@dataclass(frozen=True)
class Alternative:
    key: str
    theme: str
    text: str


@dataclass(frozen=True)
class PromptBank:
    parts: tuple[Part, ...]
    alternatives: tuple[Alternative, ...]

    def alternative(self, key: str) -> Alternative | None:
        return next((a for a in self.alternatives if a.key == key), None)

    @property
    def total_minutes(self) -> int:
        return sum(part.minutes for part in self.parts)


MAX_STEPS = 3  # per person: what to start now and reach before the next meeting
MAX_STEP = 300


@dataclass(frozen=True)
class Step:
    body: str
    due_on: date | None = None
    done: bool = False


def step_field(side: str, n: int) -> str:
    return f"{side}_{n}"


def due_field(side: str, n: int) -> str:
    return f"{side}_{n}_due"


@dataclass(frozen=True)
class Prefill:
    """What the log modal shows: a fresh log, or a conversation seen from one of its people."""

    held_on: date
    conversation_id: int | None = None
    partner_user_id: str | None = None
    kind: str | None = None
    shared_notes: str = ""
    private_notes: str = ""
    mine: list[Step] = field(default_factory=list)
    theirs: list[Step] = field(default_factory=list)
    follow_up: str = "one_on_ones"
    next_on: date | None = None
    actor_is_employee: bool | None = None
    cadence_days: int | None = None
    # The actor's own steps the modal shows: only these can their save remove
    # (see `services.conversations.log`).
    mine_ids: tuple[int, ...] = ()
    # The conversation's last change when the modal opened: a save after someone else's is
    # refused, so it never writes over what its author has not seen
    # (see `services.conversations.log`).
    seen: str | None = None


@dataclass(frozen=True)
class RecapItem:
    id: int
    owner_user_id: str
    body: str
    due_on: date | None
    done: bool


@dataclass(frozen=True)
class RecapGoal:
    title: str
    horizon: str
    target_on: date


@dataclass(frozen=True)
class Recap:
    """One conversation as both of its people see it: never a private note."""

    conversation_id: int
    workspace_id: int
    employee_user_id: str
    partner_user_id: str
    held_on: date
    kind: str
    shared_notes: str
    follow_up: str
    next_on: date | None
    items: list[RecapItem]
    goals: list[RecapGoal]
    goals_total: int
    # False once the partner lost this conversation to a reporting-line change: their copy
    # is no longer updated, so an edit after the change never reaches the old manager.
    partner_may_see: bool = True

    @property
    def recipients(self) -> tuple[str, ...]:
        """Who gets a copy: not a partner who lost it, nor anyone who erased their record."""
        people = (self.employee_user_id, self.partner_user_id if self.partner_may_see else "")
        return tuple(user for user in people if user and not is_erased(user))


@dataclass(frozen=True)
class FollowUp:
    """A pair's open next steps and the employee's goals nearing their target date."""

    conversation_id: int
    employee_user_id: str
    partner_user_id: str
    next_on: date | None
    items: list[RecapItem]
    goals: list[RecapGoal]
    today: date


class Clash(Enum):
    """Why a valid form still cannot be saved (`bot.blocks.replies.log_clash` words it)."""

    TAKEN = "taken"  # an edit moved onto a day the pair already logged
    ALREADY_LOGGED = "already_logged"  # a new log of a day the pair already logged
    LOST = "lost"  # that day's conversation is from before the reporting line changed
    CHANGED = "changed"  # the recap changed since the modal opened
    THEIRS_FULL = "theirs_full"  # no room left in the other person's next steps


class LogProblem(Enum):
    """What is wrong with a log form's field (`bot.blocks.field_errors` words it)."""

    SELF = "self"  # the partner picked is the person logging
    NOT_A_KIND = "not_a_kind"
    NOT_A_FOLLOW_UP = "not_a_follow_up"
    FUTURE = "future"  # held after today
    TOO_OLD = "too_old"  # held more than five years ago
    NEXT_NOT_AFTER = "next_not_after"  # the next date is not after the conversation
    TOO_FAR = "too_far"  # more than two years ahead
    STEP_TOO_LONG = "step_too_long"  # numbers: max (characters)
    DATE_WITHOUT_STEP = "date_without_step"
    DUE_BEFORE = "due_before"  # a step due before the conversation it came from
    NO_STEPS = "no_steps"  # a follow-up asked for, with nothing to follow up on
