"""What the log modal submits, and whether it can be saved as it is.

The limits and field names live here so the modal builder and the checks agree on them;
nothing here reads the database. What is wrong is a code (`LogProblem`); blocks word it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from bot.forms import MAX_TEXT, FieldErrors
from bot.models import CONVERSATION_KINDS, FOLLOW_UPS, Person
from bot.shapes.conversations import MAX_STEP, MAX_STEPS, LogProblem, Step, due_field, step_field
from bot.shapes.fields import Problem

MAX_PAST = timedelta(days=5 * 366)
MAX_AHEAD = timedelta(days=2 * 366)
SIDES = ("mine", "theirs")
REQUIRED = ("partner", "held_on", "kind", "follow_up")


class Invalid(Exception):
    """The form cannot be saved as it is; `problems` maps field name to what is wrong."""

    def __init__(self, problems: Mapping[str, Problem]) -> None:
        super().__init__(", ".join(problems))
        self.problems = dict(problems)


@dataclass(frozen=True)
class LogForm:
    """What the log modal submitted; steps are from the submitter's side: mine and theirs."""

    partner_user_id: str | None
    held_on: date | None
    kind: str | None
    shared_notes: str | None = None
    private_notes: str | None = None
    mine: tuple[tuple[str | None, date | None], ...] = ()
    theirs: tuple[tuple[str | None, date | None], ...] = ()
    follow_up: str | None = None
    next_on: date | None = None

    @classmethod
    def from_fields(cls, fields: Mapping[str, Any]) -> LogForm:
        def slots(side: str) -> tuple[tuple[str | None, date | None], ...]:
            return tuple(
                (fields.get(step_field(side, n)), fields.get(due_field(side, n)))
                for n in range(1, MAX_STEPS + 1)
            )

        return cls(
            partner_user_id=fields.get("partner"),
            held_on=fields.get("held_on"),
            kind=fields.get("kind"),
            shared_notes=fields.get("shared_notes"),
            private_notes=fields.get("private_notes"),
            mine=slots("mine"),
            theirs=slots("theirs"),
            follow_up=fields.get("follow_up"),
            next_on=fields.get("next_on"),
        )

    def steps(self, side: str) -> list[Step]:
        return [Step(body, due) for body, due in getattr(self, side) if body]


def problems(*, form: LogForm, actor: Person, today: date) -> dict[str, Problem]:
    """Field name -> what is wrong, for every field that cannot be saved as it is."""
    errors = FieldErrors()
    errors.require(vars(form) | {"partner": form.partner_user_id}, *REQUIRED)
    if form.partner_user_id and form.partner_user_id == actor.slack_user_id:
        errors["partner"] = Problem(LogProblem.SELF)
    if form.kind and form.kind not in CONVERSATION_KINDS:
        errors["kind"] = Problem(LogProblem.NOT_A_KIND)
    if form.follow_up and form.follow_up not in FOLLOW_UPS:
        errors["follow_up"] = Problem(LogProblem.NOT_A_FOLLOW_UP)
    for name in ("shared_notes", "private_notes"):
        errors.max_length(vars(form), name, MAX_TEXT)
    held = form.held_on
    if held and held > today:
        errors["held_on"] = Problem(LogProblem.FUTURE)
    elif held and held < today - MAX_PAST:
        errors["held_on"] = Problem(LogProblem.TOO_OLD)
    if held and form.next_on and form.next_on <= held:
        errors["next_on"] = Problem(LogProblem.NEXT_NOT_AFTER)
    elif form.next_on and form.next_on > today + MAX_AHEAD:
        errors["next_on"] = Problem(LogProblem.TOO_FAR)
    for side in SIDES:
        for n, (body, due) in enumerate(getattr(form, side), start=1):
            if body and len(body) > MAX_STEP:
                errors[step_field(side, n)] = Problem.of(LogProblem.STEP_TOO_LONG, max=MAX_STEP)
            if due and not body:
                errors[due_field(side, n)] = Problem(LogProblem.DATE_WITHOUT_STEP)
            elif due and held and due < held:
                errors[due_field(side, n)] = Problem(LogProblem.DUE_BEFORE)
            elif due and due > today + MAX_AHEAD:
                errors[due_field(side, n)] = Problem(LogProblem.TOO_FAR)
    if (
        form.follow_up
        and form.follow_up != "none"
        and not (form.steps("mine") or form.steps("theirs"))
    ):
        errors.setdefault(step_field("mine", 1), Problem(LogProblem.NO_STEPS))
    return dict(errors)
