"""A person's whole record, as plain data ready for JSON: what `/career-prep export` sends.

Everything they created or that is about them, and nothing of anyone else's private notes:
only the notes they wrote themselves are read. Other people appear by Slack user id.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, or_, select

from bot.models import (
    ActionItem,
    Conversation,
    Goal,
    Handover,
    Mentorship,
    Person,
    Prep,
    PrivateNote,
    Skill,
    SkillRating,
    Team,
)
from bot.services.org.access import conversation_visible
from bot.services.org.people import manager_of, mentors_of

Record = dict[str, Any]


def _when(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


class _Names:
    """Slack user ids of the people a record mentions, looked up once each."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._cache: dict[int, str | None] = {}

    def __call__(self, person_id: int | None) -> str | None:
        if person_id is None:
            return None
        if person_id not in self._cache:
            person = self._session.get(Person, person_id)
            self._cache[person_id] = person.slack_user_id if person else None
        return self._cache[person_id]


def record_of(*, session: Session, person: Person, now: datetime) -> Record:
    """Their settings, preps, goals, skills with every rating, and their conversations."""
    assert person.id is not None
    names = _Names(session)
    return {
        "exported_at": now.isoformat(),
        "person": _settings(session, person),
        "preps": _preps(session, person.id, names),
        "goals": _goals(session, person.id),
        "skills": _skills(session, person.id, names),
        "ratings_given": _ratings_given(session, person.id, names),
        "conversations": _conversations(session, person.id, names),
        "handovers": _handovers(session, person.id, names),
    }


def _handovers(session: Session, person_id: int, names: _Names) -> list[Record]:
    """What they chose to pass on to a new manager after a reporting-line change."""
    rows = session.exec(
        select(Handover).where(Handover.person_id == person_id).order_by(col(Handover.id))
    )
    return [
        {
            "old_manager": names(h.old_manager_id),
            "new_manager": names(h.new_manager_id),
            "share_goals": h.share_goals,
            "share_recap": h.share_recap,
            "share_items": h.share_items,
            "asked_at": _when(h.asked_at),
            "answered_at": _when(h.answered_at),
        }
        for h in rows
    ]


def _settings(session: Session, person: Person) -> Record:
    manager = manager_of(session=session, person=person)
    team = session.get(Team, person.team_id) if person.team_id else None
    mentees = session.exec(
        select(Person.slack_user_id)
        .join(Mentorship, col(Mentorship.person_id) == col(Person.id))
        .where(Mentorship.mentor_id == person.id)
        .order_by(col(Person.id))
    ).all()
    return {
        "slack_user_id": person.slack_user_id,
        "email": person.email,
        "time_zone": person.tz_override or person.tz,
        "time_zone_chosen": person.tz_override,
        "team": team.name if team else None,
        "manager": manager.slack_user_id if manager else None,
        "manager_source": person.manager_source,
        "mentors": [m.slack_user_id for m in mentors_of(session=session, person=person)],
        "mentoring": list(mentees),
        "cadence_days": person.cadence_days,
        "paused_until": _when(person.paused_until),
        "snoozed_until": _when(person.snoozed_until),
        "planned_on": _when(person.planned_on),
        "joined_at": _when(person.joined_at),
    }


def _preps(session: Session, person_id: int, names: _Names) -> list[Record]:
    preps = session.exec(
        select(Prep).where(Prep.person_id == person_id).order_by(col(Prep.created_at))
    )
    return [
        {
            "status": "sent" if p.submitted_at else "draft",
            "partner": names(p.partner_id),
            "shared_with_partner": p.shared,
            "answers": dict(p.answers),
            "submitted_at": _when(p.submitted_at),
            "created_at": _when(p.created_at),
            "updated_at": _when(p.updated_at),
        }
        for p in preps
    ]


def _goals(session: Session, person_id: int) -> list[Record]:
    goals = session.exec(select(Goal).where(Goal.person_id == person_id).order_by(col(Goal.id)))
    skills = {
        skill_id: name
        for skill_id, name in session.exec(
            select(Skill.id, Skill.name).where(Skill.person_id == person_id)
        ).all()
    }
    return [
        {
            "title": g.title,
            "relevant": g.relevant,
            "experiment": g.experiment,
            "aspiration": g.aspiration,
            "learning": g.learning,
            "horizon": g.horizon,
            "target_on": _when(g.target_on),
            "skill": skills.get(g.skill_id),
            "status": g.status,
            "created_at": _when(g.created_at),
            "updated_at": _when(g.updated_at),
        }
        for g in goals
    ]


def _skills(session: Session, person_id: int, names: _Names) -> list[Record]:
    skills = session.exec(select(Skill).where(Skill.person_id == person_id).order_by(col(Skill.id)))
    result = []
    for skill in skills:
        ratings = session.exec(
            select(SkillRating)
            .where(SkillRating.skill_id == skill.id)
            .order_by(col(SkillRating.rated_on), col(SkillRating.id))
        )
        result.append(
            {
                "name": skill.name,
                "ten_looks_like": skill.ten_looks_like,
                "options": list(skill.options),
                "approach": skill.approach,
                "target_6m": skill.target_6m,
                "target_12m": skill.target_12m,
                "target_18m": skill.target_18m,
                "ratings": [
                    {
                        "rating": r.rating,
                        "rated_on": _when(r.rated_on),
                        "rated_by": "self" if r.rated_by_id == person_id else names(r.rated_by_id),
                    }
                    for r in ratings
                ],
            }
        )
    return result


def _ratings_given(session: Session, person_id: int, names: _Names) -> list[Record]:
    """Ratings they gave other people's skills (as a partner in a conversation)."""
    rows = session.exec(
        select(SkillRating, Skill)
        .join(Skill, col(Skill.id) == col(SkillRating.skill_id))
        .outerjoin(Conversation, col(Conversation.id) == col(SkillRating.conversation_id))
        .where(
            SkillRating.rated_by_id == person_id,
            Skill.person_id != person_id,
            # Given in a conversation they lost since: it goes with the conversation.
            or_(col(SkillRating.conversation_id).is_(None), conversation_visible(person_id)),
        )
        .order_by(col(SkillRating.rated_on), col(SkillRating.id))
    )
    return [
        {
            "person": names(skill.person_id),
            "skill": skill.name,
            "rating": rating.rating,
            "rated_on": _when(rating.rated_on),
        }
        for rating, skill in rows
    ]


def _conversations(session: Session, person_id: int, names: _Names) -> list[Record]:
    conversations = session.exec(
        select(Conversation)
        .where(
            or_(Conversation.employee_id == person_id, Conversation.partner_id == person_id),
            # A manager conversation the person lost by a reporting-line change is not theirs
            # to export either (the access rule, as everywhere else).
            conversation_visible(person_id),
        )
        .order_by(col(Conversation.held_on), col(Conversation.id))
    )
    result = []
    for c in conversations:
        # Only the note this person wrote: the other party's private note is theirs alone.
        note = session.exec(
            select(PrivateNote.body).where(
                PrivateNote.conversation_id == c.id, PrivateNote.author_id == person_id
            )
        ).first()
        items = session.exec(
            select(ActionItem)
            .where(ActionItem.conversation_id == c.id)
            .order_by(col(ActionItem.id))
        )
        result.append(
            {
                "held_on": _when(c.held_on),
                "kind": c.kind,
                "role": "employee" if c.employee_id == person_id else "partner",
                "employee": names(c.employee_id),
                "partner": names(c.partner_id),
                "logged_by": names(c.logged_by_id),
                "shared_notes": c.shared_notes,
                "my_private_note": note,
                "follow_up": c.follow_up,
                "next_on": _when(c.next_on),
                "action_items": [
                    {
                        "owner": names(i.owner_id),
                        "body": i.body,
                        "due_on": _when(i.due_on),
                        "done_at": _when(i.done_at),
                    }
                    for i in items
                ],
            }
        )
    return result
