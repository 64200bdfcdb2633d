"""Prep: an employee's reflection before a career conversation, kept as a draft until sent.

The form has three steps; each step's answers are saved into the person's one draft as soon as
Slack sends them (Next, Back, closing the modal), so nothing typed is ever lost.
What the partner gets once it is sent is in `prep_briefing`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.forms import MAX_TEXT
from bot.models import Person, Prep
from bot.services import NotAllowed
from bot.services.org.people import person_in
from bot.shapes.prep import LAST_STEP, REQUIRED, STEPS, Draft, FieldProblem, PrepProblem

TEXT_FIELDS = (
    "feeling",
    "passions",
    "strengths",
    "improve",
    "learn",
    "satisfying",
    "unsatisfying",
    "support",
)
DIRECTIONS = ("management", "expert", "pivot", "new_industry", "not_sure")
ANSWER_FIELDS = frozenset((*TEXT_FIELDS, "direction"))


class NotYours(NotAllowed):
    """The prep named in the request is not the actor's open draft; nothing was changed."""


def open_draft(*, session: Session, actor_id: int) -> Draft:
    """The actor's draft to resume, or a blank one with their manager as partner."""
    prep = session.exec(
        select(Prep).where(Prep.person_id == actor_id, col(Prep.submitted_at).is_(None))
    ).first()
    if prep is None:
        manager = _user_id(session, _manager_id(session, actor_id))
        return Draft(prep_id=None, partner_user_id=manager)
    return draft_of(prep, session=session)


def problems(*, fields: dict[str, Any], step: int, actor_user_id: str) -> dict[str, FieldProblem]:
    """What is wrong with one step's fields, by field name."""
    errors: dict[str, FieldProblem] = {}
    for name in STEPS[step - 1]:
        value = fields.get(name)
        if name in REQUIRED and value in (None, "", []):
            errors[name] = FieldProblem(PrepProblem.FILL_IN)
        elif isinstance(value, str) and name in TEXT_FIELDS and len(value) > MAX_TEXT:
            errors[name] = FieldProblem(PrepProblem.TOO_LONG, length=len(value))
    if step == 1 and fields.get("direction") not in (None, *DIRECTIONS):
        errors["direction"] = FieldProblem(PrepProblem.NOT_A_DIRECTION)
    if step == LAST_STEP and fields.get("partner") == actor_user_id:
        errors["partner"] = FieldProblem(PrepProblem.NOT_YOURSELF)
    return errors


def save_step(
    *,
    session: Session,
    actor_id: int,
    prep_id: int | None,
    step: int,
    fields: dict[str, Any],
    now: datetime,
) -> Prep:
    """Keep one step's answers in the actor's draft, whatever their state; returns the draft.

    `prep_id` comes from private_metadata: it is honoured only if it is the actor's own open
    draft (NotYours otherwise). Invalid choices (yourself as partner) are left out, not saved.
    """
    prep = _actors_draft(session=session, actor_id=actor_id, prep_id=prep_id, now=now)
    names = STEPS[step - 1]
    answers = dict(prep.answers)
    for name in ANSWER_FIELDS.intersection(names):
        value = fields.get(name)
        if isinstance(value, str) and value:
            answers[name] = value
        else:
            answers.pop(name, None)
    prep.answers = answers
    if "partner" in names:
        prep.partner_id = _partner_id(session, actor_id, fields.get("partner"), now)
    if "share" in names:
        prep.shared = bool(fields.get("share"))
    prep.updated_at = now
    session.add(prep)
    session.flush()
    return prep


@dataclass(frozen=True)
class StepOutcome:
    """What a submitted step leads to: its errors, the step to show next, or a sent prep."""

    draft: Draft
    errors: dict[str, FieldProblem]
    next_step: int | None  # None: the prep is sent (now, or by an earlier submit)
    sent_now: bool


def take_step(
    *,
    session: Session,
    actor_id: int,
    actor_user_id: str,
    prep_id: int | None,
    step: int,
    fields: dict[str, Any],
    now: datetime,
) -> StepOutcome:
    """Save a step (even one with errors: nothing typed is lost); move on or send the prep.

    The last step re-checks the whole draft, so a modal that skipped a step (or forged its
    step number) is sent back to the first step with a required answer missing.
    """
    errors = problems(fields=fields, step=step, actor_user_id=actor_user_id)
    prep = save_step(
        session=session, actor_id=actor_id, prep_id=prep_id, step=step, fields=fields, now=now
    )
    draft = draft_of(prep, session=session)
    if errors:
        return StepOutcome(draft, errors, step, sent_now=False)
    if step < LAST_STEP:
        return StepOutcome(draft, {}, step + 1, sent_now=False)
    incomplete = first_incomplete_step(prep)
    if incomplete is not None:
        return StepOutcome(draft, {}, incomplete, sent_now=False)
    return StepOutcome(draft, {}, None, sent_now=submit(session=session, prep=prep, now=now))


def first_incomplete_step(prep: Prep) -> int | None:
    """The first step with a required answer missing, or None when the prep can be sent."""
    for number, names in enumerate(STEPS, start=1):
        for name in REQUIRED.intersection(names):
            missing = prep.partner_id is None if name == "partner" else not prep.answers.get(name)
            if missing:
                return number
    return None


def submit(*, session: Session, prep: Prep, now: datetime) -> bool:
    """Mark the draft sent; False if it already was (a double submit sends nothing twice)."""
    result = session.execute(
        update(Prep)
        .where(col(Prep.id) == prep.id, col(Prep.submitted_at).is_(None))
        .values(submitted_at=now, updated_at=now)
    )
    sent = bool(getattr(result, "rowcount", 0) == 1)
    if sent:
        prep.submitted_at = now
    return sent


def draft_of(prep: Prep, *, session: Session) -> Draft:
    """What the modal shows for this prep; the partner defaults to the person's manager."""
    partner_id = prep.partner_id or _manager_id(session, prep.person_id)
    return Draft(
        prep_id=prep.id,
        answers=dict(prep.answers),
        partner_user_id=_user_id(session, partner_id),
        shared=prep.shared,
    )


def _actors_draft(*, session: Session, actor_id: int, prep_id: int | None, now: datetime) -> Prep:
    if prep_id is not None:
        prep = session.get(Prep, prep_id, with_for_update=True)
        if prep is None or prep.person_id != actor_id or prep.submitted_at is not None:
            raise NotYours(f"prep {prep_id} is not person {actor_id}'s open draft")
        return prep
    found = session.exec(
        select(Prep).where(Prep.person_id == actor_id, col(Prep.submitted_at).is_(None))
    ).first()
    if found is not None:
        return found
    prep = Prep(person_id=actor_id, answers={}, created_at=now, updated_at=now)
    try:
        with session.begin_nested():
            session.add(prep)
    except IntegrityError:  # another request created the one allowed draft first
        return session.exec(
            select(Prep).where(Prep.person_id == actor_id, col(Prep.submitted_at).is_(None))
        ).one()
    return prep


def _partner_id(session: Session, actor_id: int, slack_user_id: Any, now: datetime) -> int | None:
    if not isinstance(slack_user_id, str) or not slack_user_id:
        return None
    actor = session.get(Person, actor_id)
    assert actor is not None
    partner = person_in(
        session=session, workspace_id=actor.workspace_id, slack_user_id=slack_user_id, now=now
    )
    return None if partner.id == actor_id else partner.id


def _user_id(session: Session, person_id: int | None) -> str | None:
    person = session.get(Person, person_id) if person_id else None
    return person.slack_user_id if person else None


def _manager_id(session: Session, actor_id: int) -> int | None:
    person = session.get(Person, actor_id)
    return person.manager_id if person else None
