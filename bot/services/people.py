"""People: who someone is in a workspace, and their reporting lines."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from bot.models import Mentorship, Person
from bot.services.teams import ensure_person
from bot.services.workspaces import ensure_workspace


def person_for(
    *, session: Session, slack_team_id: str, slack_user_id: str, now: datetime
) -> Person:
    """The person behind a Slack user in a Slack team, created on first sight."""
    workspace = ensure_workspace(session=session, slack_team_id=slack_team_id, now=now)
    return ensure_person(session=session, workspace=workspace, slack_user_id=slack_user_id, now=now)


def find_person(*, session: Session, workspace_id: int, slack_user_id: str) -> Person | None:
    """A known person of this workspace, or None; never creates anyone."""
    return session.exec(
        select(Person).where(
            Person.workspace_id == workspace_id, Person.slack_user_id == slack_user_id
        )
    ).first()


def manager_of(*, session: Session, person: Person) -> Person | None:
    return session.get(Person, person.manager_id) if person.manager_id else None


def reports_of(*, session: Session, manager: Person) -> list[Person]:
    """Current direct reports (people who left are not reports)."""
    return list(
        session.exec(
            select(Person)
            .where(Person.manager_id == manager.id, Person.left_at.is_(None))  # type: ignore[union-attr]
            .order_by(Person.id)  # type: ignore[arg-type]
        )
    )


def mentors_of(*, session: Session, person: Person) -> list[Person]:
    return list(
        session.exec(
            select(Person)
            .join(Mentorship, Mentorship.mentor_id == Person.id)  # type: ignore[arg-type]
            .where(Mentorship.person_id == person.id)
            .order_by(Person.id)  # type: ignore[arg-type]
        )
    )
