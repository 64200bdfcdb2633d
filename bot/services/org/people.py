"""People: who someone is in a workspace, and their reporting lines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, bindparam
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from bot.db import insert_ignoring_conflicts
from bot.models import Mentorship, Person, Workspace
from bot.services.workspaces.registry import ensure_workspace


def person_for(
    *, session: Session, slack_team_id: str, slack_user_id: str, now: datetime
) -> Person:
    """The person behind a Slack user in a Slack team, created on first sight."""
    known = known_person(session=session, slack_team_id=slack_team_id, slack_user_id=slack_user_id)
    if known is not None:
        return known
    workspace = ensure_workspace(session=session, slack_team_id=slack_team_id, now=now)
    assert workspace.id is not None
    return person_in(
        session=session, workspace_id=workspace.id, slack_user_id=slack_user_id, now=now
    )


@dataclass(frozen=True, slots=True)
class KnownActor:
    """Who sent a request, as far as the ack needs: their id, and whether Slack was asked
    for their zone yet."""

    id: int
    zone_asked: bool


_ACTOR = (
    select_columns(col(Person.id), col(Person.tz), col(Person.tz_fetched_at))
    .join(Workspace, col(Workspace.id) == col(Person.workspace_id))
    .where(
        col(Workspace.slack_team_id) == bindparam("team"),
        col(Person.slack_user_id) == bindparam("user"),
    )
)


def known_actor(
    *, connection: Connection, slack_team_id: str, slack_user_id: str
) -> KnownActor | None:
    """`known_person` for every request's one read: three columns through Core, no ORM."""
    row = connection.execute(_ACTOR, {"team": slack_team_id, "user": slack_user_id}).first()
    if row is None:
        return None
    person_id, tz, fetched_at = row
    return KnownActor(person_id or 0, tz is not None or fetched_at is not None)


def known_person(*, session: Session, slack_team_id: str, slack_user_id: str) -> Person | None:
    """The person behind a Slack user if we know them already; one read, never a write."""
    return session.exec(
        select(Person)
        .join(Workspace, col(Workspace.id) == col(Person.workspace_id))
        .where(Workspace.slack_team_id == slack_team_id, Person.slack_user_id == slack_user_id)
    ).first()


def person_in(*, session: Session, workspace_id: int, slack_user_id: str, now: datetime) -> Person:
    """A workspace's person for a Slack user, created on first sight.

    The unique key (workspace, Slack user) decides who creates them, not the read before it:
    the first sights of one person racing on Postgres cannot both insert (the loser waits for
    the winner's row and takes it).
    """
    found = find_person(session=session, workspace_id=workspace_id, slack_user_id=slack_user_id)
    if found is not None:
        return found
    insert_ignoring_conflicts(
        session,
        Person,
        [{"workspace_id": workspace_id, "slack_user_id": slack_user_id, "joined_at": now}],
        conflict_on=["workspace_id", "slack_user_id"],
    )
    created = find_person(session=session, workspace_id=workspace_id, slack_user_id=slack_user_id)
    assert created is not None
    return created


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
