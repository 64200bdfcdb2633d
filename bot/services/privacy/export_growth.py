"""The growth part of an exported record: goals, skills with every rating, and the ratings
the person gave other people's skills."""

from __future__ import annotations

from sqlmodel import Session, col, or_, select

from bot.models import Conversation, Goal, Skill, SkillRating
from bot.services.org.access import conversation_visible
from bot.services.privacy.export_values import Names, Record, when


def goals_of(session: Session, person_id: int) -> list[Record]:
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
            "target_on": when(g.target_on),
            "skill": skills.get(g.skill_id),
            "status": g.status,
            "created_at": when(g.created_at),
            "updated_at": when(g.updated_at),
        }
        for g in goals
    ]


def skills_of(session: Session, person_id: int, names: Names) -> list[Record]:
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
                        "rated_on": when(r.rated_on),
                        "rated_by": "self" if r.rated_by_id == person_id else names(r.rated_by_id),
                    }
                    for r in ratings
                ],
            }
        )
    return result


def ratings_given_of(session: Session, person_id: int, names: Names) -> list[Record]:
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
            "rated_on": when(rating.rated_on),
        }
        for rating, skill in rows
    ]
