"""A person's whole record, as plain data ready for JSON: what `/career-prep export` sends.

Everything they created or that is about them, and nothing of anyone else's private notes:
only the notes they wrote themselves are read. Other people appear by Slack user id
(`export_values`); goals, skills and ratings are read in `export_growth`.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, or_, select

from bot.models import (
    ActionItem,
    Conversation,
    Handover,
    Mentorship,
    Person,
    Prep,
    PrivateNote,
    Team,
)
from bot.services.org.access import conversation_visible
from bot.services.org.people import manager_of, mentors_of
from bot.services.privacy.export_growth import goals_of, ratings_given_of, skills_of
from bot.services.privacy.export_values import Names, Record, when


def record_of(*, session: Session, person: Person, now: datetime) -> Record:
    """Their settings, preps, goals, skills with every rating, and their conversations."""
    assert person.id is not None
    names = Names(session)
    return {
        "exported_at": now.isoformat(),
        "person": _settings(session, person),
        "preps": _preps(session, person.id, names),
        "goals": goals_of(session, person.id),
        "skills": skills_of(session, person.id, names),
        "ratings_given": ratings_given_of(session, person.id, names),
        "conversations": _conversations(session, person.id, names),
        "handovers": _handovers(session, person.id, names),
    }


def _handovers(session: Session, person_id: int, names: Names) -> list[Record]:
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
            "asked_at": when(h.asked_at),
            "answered_at": when(h.answered_at),
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
        "paused_until": when(person.paused_until),
        "snoozed_until": when(person.snoozed_until),
        "planned_on": when(person.planned_on),
        # What the bot kept of their Slack status: the verdict, never the text or emoji.
        "away": person.away,
        "away_until": when(person.away_until),
        "away_seen_at": when(person.away_seen_at),
        "joined_at": when(person.joined_at),
    }


def _preps(session: Session, person_id: int, names: Names) -> list[Record]:
    preps = session.exec(
        select(Prep).where(Prep.person_id == person_id).order_by(col(Prep.created_at))
    )
    return [
        {
            "status": "sent" if p.submitted_at else "draft",
            "partner": names(p.partner_id),
            "shared_with_partner": p.shared,
            "answers": dict(p.answers),
            "submitted_at": when(p.submitted_at),
            "created_at": when(p.created_at),
            "updated_at": when(p.updated_at),
        }
        for p in preps
    ]


def _conversations(session: Session, person_id: int, names: Names) -> list[Record]:
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
                "held_on": when(c.held_on),
                "kind": c.kind,
                "role": "employee" if c.employee_id == person_id else "partner",
                "employee": names(c.employee_id),
                "partner": names(c.partner_id),
                "logged_by": names(c.logged_by_id),
                "shared_notes": c.shared_notes,
                "my_private_note": note,
                "follow_up": c.follow_up,
                "next_on": when(c.next_on),
                "action_items": [
                    {
                        "owner": names(i.owner_id),
                        "body": i.body,
                        "due_on": when(i.due_on),
                        "done_at": when(i.done_at),
                    }
                    for i in items
                ],
            }
        )
    return result
