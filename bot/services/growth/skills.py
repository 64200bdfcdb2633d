"""Skills: a 1-10 self-rating kept per day so the trend shows, and the plan to gain a point."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from bot.db import insert_ignoring_conflicts
from bot.forms import MAX_TEXT, FieldErrors
from bot.models import Person, Skill, SkillRating
from bot.services import NotAllowed
from bot.shapes.fields import Problem
from bot.shapes.growth import HISTORY, MAX_NAME, MIN_OPTIONS, SkillProblem, SkillTrend

MAX_OPTION = 300
TEXT_FIELDS = ("ten_looks_like", "options", "approach")
TARGETS = ("target_6m", "target_12m", "target_18m")
REQUIRED = ("name", "rating", "ten_looks_like", "options", "approach")
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.)])\s*")


class Invalid(Exception):
    """The form cannot be saved as it is; `problems` maps field name to what is wrong."""

    def __init__(self, problems: Mapping[str, Problem]) -> None:
        super().__init__(", ".join(problems))
        self.problems = dict(problems)


@dataclass(frozen=True)
class SkillForm:
    """What the skill form submitted, as typed (numbers still text: the server re-checks)."""

    name: str | None
    rating: str | None = None
    ten_looks_like: str | None = None
    options: str | None = None
    approach: str | None = None
    target_6m: str | None = None
    target_12m: str | None = None
    target_18m: str | None = None

    @classmethod
    def from_fields(cls, fields: Mapping[str, Any]) -> SkillForm:
        def text(name: str) -> str | None:
            value = fields.get(name)
            return None if value is None else str(value)

        return cls(
            name=text("name"),
            rating=text("rating"),
            ten_looks_like=text("ten_looks_like"),
            options=text("options"),
            approach=text("approach"),
            target_6m=text("target_6m"),
            target_12m=text("target_12m"),
            target_18m=text("target_18m"),
        )


def option_lines(text: str | None) -> list[str]:
    """One option per non-empty line, without bullets or numbering."""
    lines = (_BULLET.sub("", line).strip() for line in (text or "").splitlines())
    return [line for line in lines if line]


def rating_value(text: str | None) -> int | None:
    """A whole number from 1 to 10, or None for anything else."""
    cleaned = (text or "").strip()
    if not (cleaned.isascii() and cleaned.isdigit()) or len(cleaned) > 2:
        return None
    number = int(cleaned)
    return number if 1 <= number <= 10 else None


def problems(
    *, session: Session, actor_id: int, form: SkillForm, skill_id: int | None = None
) -> dict[str, Problem]:
    """Field name -> what is wrong, for every field that cannot be saved as it is."""
    fields = vars(form)
    errors = FieldErrors()
    errors.require(fields, *REQUIRED)
    errors.max_length(fields, "name", MAX_NAME)
    for name in TEXT_FIELDS:
        errors.max_length(fields, name, MAX_TEXT)
    for name in ("rating", *TARGETS):
        if fields[name] is not None and rating_value(fields[name]) is None:
            errors.setdefault(name, Problem(SkillProblem.NOT_A_RATING))
    options = option_lines(form.options)
    if form.options and len(options) < MIN_OPTIONS:
        few = Problem.of(SkillProblem.FEW_OPTIONS, min=MIN_OPTIONS, count=len(options))
        errors.setdefault("options", few)
    elif any(len(option) > MAX_OPTION for option in options):
        errors.setdefault("options", Problem.of(SkillProblem.OPTION_TOO_LONG, max=MAX_OPTION))
    _check_targets(form, errors)
    if form.name and "name" not in errors:
        clash = _by_name(session, actor_id, form.name)
        if skill_id is not None and clash is not None and clash.id != skill_id:
            errors["name"] = Problem(SkillProblem.NAME_TAKEN)
    return dict(errors)


def _check_targets(form: SkillForm, errors: FieldErrors) -> None:
    """Targets never fall below today's rating, nor below an earlier target."""
    floor, floor_months = rating_value(form.rating), 0  # 0: today's rating
    for name, months in zip(TARGETS, (6, 12, 18), strict=True):
        target = rating_value(getattr(form, name))
        if target is None or name in errors:
            continue
        if floor is not None and target < floor:
            errors[name] = (
                Problem.of(SkillProblem.BELOW_TARGET, floor=floor, months=floor_months)
                if floor_months
                else Problem.of(SkillProblem.BELOW_RATING, floor=floor)
            )
            continue
        floor, floor_months = target, months


def save_skill(
    *,
    session: Session,
    today: date,
    actor_id: int,
    form: SkillForm,
    skill_id: int | None = None,
) -> Skill:
    """Create or update the actor's skill and record today's self-rating.

    Without `skill_id` a skill of the same name (any case) is updated, never duplicated.
    """
    found = problems(session=session, actor_id=actor_id, form=form, skill_id=skill_id)
    if found:
        raise Invalid(found)
    assert form.name is not None
    if skill_id is not None:
        skill = owned_skill(session=session, actor_id=actor_id, skill_id=skill_id)
        skill.name = form.name
    else:
        skill = _by_name(session, actor_id, form.name) or _new_skill(session, actor_id, form.name)
    skill.ten_looks_like = form.ten_looks_like or ""
    skill.options = option_lines(form.options)
    skill.approach = form.approach or ""
    skill.target_6m, skill.target_12m, skill.target_18m = (
        rating_value(getattr(form, name)) for name in TARGETS
    )
    session.add(skill)
    session.flush()
    rating = rating_value(form.rating)
    assert rating is not None and skill.id is not None
    rate_skill(session=session, today=today, rater_id=actor_id, skill_id=skill.id, rating=rating)
    return skill


def rate_skill(
    *, session: Session, today: date, rater_id: int, skill_id: int, rating: int
) -> SkillRating:
    """Today's rating by this rater: the same day again replaces it, another day adds one."""
    if not 1 <= rating <= 10:
        raise ValueError(f"rating {rating} is outside 1-10")
    row = {"skill_id": skill_id, "rated_by_id": rater_id, "rating": rating, "rated_on": today}
    # The unique constraint decides, so two quick submissions cannot both insert.
    insert_ignoring_conflicts(
        session, SkillRating, [row], conflict_on=["skill_id", "rated_by_id", "rated_on"]
    )
    stored = session.exec(
        select(SkillRating).where(
            SkillRating.skill_id == skill_id,
            SkillRating.rated_by_id == rater_id,
            SkillRating.rated_on == today,
        )
    ).one()
    if stored.rating != rating:
        stored.rating = rating
        session.add(stored)
        session.flush()
    return stored


def owned_skill(*, session: Session, actor_id: int, skill_id: int) -> Skill:
    """The skill, when the actor owns it; NotAllowed for anyone else's or a missing one."""
    skill = session.get(Skill, skill_id) if 0 < skill_id < 2**31 else None
    if skill is None or skill.person_id != actor_id:
        raise NotAllowed("not the owner of this skill")
    return skill


def skills_of(*, session: Session, person: Person) -> list[Skill]:
    """A person's skills by name."""
    skills = session.exec(select(Skill).where(Skill.person_id == person.id)).all()
    return sorted(skills, key=lambda s: s.name.casefold())


def latest_ratings(*, session: Session, person: Person, history: int = HISTORY) -> list[SkillTrend]:
    """Each skill with its last `history` self-ratings; most recently rated skills first."""
    skills = skills_of(session=session, person=person)
    by_skill: dict[int, list[SkillRating]] = {s.id: [] for s in skills if s.id is not None}
    ratings = session.exec(
        select(SkillRating)
        .where(
            col(SkillRating.skill_id).in_(list(by_skill)),
            SkillRating.rated_by_id == person.id,
        )
        .order_by(col(SkillRating.rated_on))
    )
    for rating in ratings:
        by_skill[rating.skill_id].append(rating)
    trends = [SkillTrend(s, by_skill[s.id][-history:]) for s in skills if s.id is not None]
    never = date.min
    trends.sort(key=lambda t: t.latest.rated_on if t.latest else never, reverse=True)
    return trends


def _new_skill(session: Session, actor_id: int, name: str) -> Skill:
    """The actor's skill of exactly this name, created if missing.

    The unique constraint decides, not the look-up before it: the same new skill saved by
    several requests at once becomes one row, each request then updating it.
    """
    row = {"person_id": actor_id, "name": name, "ten_looks_like": "", "options": [], "approach": ""}
    insert_ignoring_conflicts(session, Skill, [row], conflict_on=["person_id", "name"])
    return session.exec(select(Skill).where(Skill.person_id == actor_id, Skill.name == name)).one()


def _by_name(session: Session, actor_id: int, name: str) -> Skill | None:
    # Compared in Python: SQLite's lower() folds ASCII only.
    wanted = name.strip().casefold()
    skills = session.exec(select(Skill).where(Skill.person_id == actor_id)).all()
    return next((s for s in skills if s.name.strip().casefold() == wanted), None)
