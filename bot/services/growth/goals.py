"""REAL goals: capture, edit, mark done or dropped; only their owner may change them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from bot.forms import MAX_TEXT, MAX_TITLE, FieldErrors
from bot.models import HORIZONS, Goal, Person, Skill
from bot.services import NotAllowed, parse_id
from bot.shapes.fields import Problem
from bot.shapes.growth import HORIZON_MONTHS, STATUSES, GoalProblem, add_months, sort_goals

MAX_YEARS_AHEAD = 10
TEXT_FIELDS = ("relevant", "experiment", "aspiration", "learning")
REQUIRED = ("title", "experiment", "horizon")


class Invalid(Exception):
    """The form cannot be saved as it is; `problems` maps field name to what is wrong."""

    def __init__(self, problems: Mapping[str, Problem]) -> None:
        super().__init__(", ".join(problems))
        self.problems = dict(problems)


@dataclass(frozen=True)
class GoalForm:
    """What the goal form submitted, as plain values (`skill` is the raw option value)."""

    title: str | None
    relevant: str | None = None
    experiment: str | None = None
    aspiration: str | None = None
    learning: str | None = None
    horizon: str | None = None
    target_on: date | None = None
    skill: str | None = None

    @classmethod
    def from_fields(cls, fields: Mapping[str, Any]) -> GoalForm:
        return cls(
            title=fields.get("title"),
            relevant=fields.get("relevant"),
            experiment=fields.get("experiment"),
            aspiration=fields.get("aspiration"),
            learning=fields.get("learning"),
            horizon=fields.get("horizon"),
            target_on=fields.get("target_on"),
            skill=fields.get("skill"),
        )


def default_target(horizon: str, today: date) -> date:
    return add_months(today, HORIZON_MONTHS[horizon])


def problems(
    *,
    session: Session,
    actor_id: int,
    form: GoalForm,
    today: date,
    current: Goal | None = None,
) -> dict[str, Problem]:
    """Field name -> what is wrong, for every field that cannot be saved as it is."""
    fields = vars(form)
    errors = FieldErrors()
    errors.require(fields, *REQUIRED)
    errors.max_length(fields, "title", MAX_TITLE)
    for name in TEXT_FIELDS:
        errors.max_length(fields, name, MAX_TEXT)
    if form.horizon is not None and form.horizon not in HORIZONS:
        errors.setdefault("horizon", Problem(GoalProblem.NOT_A_HORIZON))
    target = form.target_on
    # An overdue goal may still be edited without moving its date; a new past date is refused.
    moved = current is None or target != current.target_on
    if target is not None and target < today and moved:
        errors.setdefault("target_on", Problem(GoalProblem.PAST))
    elif target is not None and target > add_months(today, 12 * MAX_YEARS_AHEAD):
        errors.setdefault("target_on", Problem.of(GoalProblem.TOO_FAR, years=MAX_YEARS_AHEAD))
    if form.skill is not None and _skill_id(session, actor_id, form.skill) is None:
        errors.setdefault("skill", Problem(GoalProblem.NOT_YOUR_SKILL))
    return dict(errors)


def add_goal(*, session: Session, now: datetime, actor_id: int, form: GoalForm) -> Goal:
    """A new active goal for the actor; the target date defaults from the horizon."""
    today = now.date()
    found = problems(session=session, actor_id=actor_id, form=form, today=today)
    if found:
        raise Invalid(found)
    goal = Goal(
        person_id=actor_id,
        title="",
        horizon="short",
        target_on=today,
        created_at=now,
        updated_at=now,
    )
    _apply(session, goal, form, actor_id, now)
    return goal


def update_goal(
    *, session: Session, now: datetime, actor_id: int, goal_id: int, form: GoalForm
) -> Goal:
    """Change an own goal's text, horizon, date or skill; its status stays."""
    goal = owned_goal(session=session, actor_id=actor_id, goal_id=goal_id)
    found = problems(session=session, actor_id=actor_id, form=form, today=now.date(), current=goal)
    if found:
        raise Invalid(found)
    _apply(session, goal, form, actor_id, now)
    return goal


def set_goal_status(
    *, session: Session, now: datetime, actor_id: int, goal_id: int, status: str
) -> Goal:
    """Mark an own goal done, dropped, or active again; repeating a status changes nothing."""
    if status not in STATUSES:
        raise ValueError(f"unknown goal status {status!r}")
    goal = owned_goal(session=session, actor_id=actor_id, goal_id=goal_id)
    if goal.status != status:
        goal.status = status
        goal.updated_at = now
        session.add(goal)
        session.flush()
    return goal


def owned_goal(*, session: Session, actor_id: int, goal_id: int) -> Goal:
    """The goal, when the actor owns it; NotAllowed for anyone else's or a missing one."""
    goal = session.get(Goal, goal_id) if 0 < goal_id < 2**31 else None
    if goal is None or goal.person_id != actor_id:
        raise NotAllowed("not the owner of this goal")
    return goal


def goals_of(*, session: Session, person: Person, status: str | None = None) -> list[Goal]:
    """A person's goals, active ones first, each status by horizon then target date."""
    query = select(Goal).where(Goal.person_id == person.id)
    if status is not None:
        query = query.where(Goal.status == status)
    return sort_goals(session.exec(query).all())


def goals_by_horizon(*, session: Session, person: Person) -> dict[str, list[Goal]]:
    """Every goal of the person under its horizon (short, medium, long), active first."""
    grouped: dict[str, list[Goal]] = {horizon: [] for horizon in HORIZONS}
    for goal in goals_of(session=session, person=person):
        grouped[goal.horizon].append(goal)
    return grouped


def status_counts(*, session: Session, person: Person) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for status in session.exec(select(Goal.status).where(Goal.person_id == person.id)):
        counts[status] += 1
    return counts


def _apply(session: Session, goal: Goal, form: GoalForm, actor_id: int, now: datetime) -> None:
    assert form.title is not None and form.horizon is not None
    goal.title = form.title
    for name in TEXT_FIELDS:
        setattr(goal, name, getattr(form, name) or "")
    goal.horizon = form.horizon
    goal.target_on = form.target_on or default_target(form.horizon, now.date())
    goal.skill_id = _skill_id(session, actor_id, form.skill) if form.skill else None
    goal.updated_at = now
    session.add(goal)
    session.flush()


def _skill_id(session: Session, actor_id: int, raw: str) -> int | None:
    """The id of the actor's own skill named by an option value; None for anything else."""
    skill_id = parse_id(raw)
    if skill_id is None:
        return None
    return session.exec(
        select(Skill.id).where(col(Skill.id) == skill_id, Skill.person_id == actor_id)
    ).first()
