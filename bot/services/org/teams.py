"""Teams: a lead and the channel that gets the weekly digest."""

from __future__ import annotations

import re
from datetime import datetime

from sqlmodel import Session, select

from bot.models import Person, Team, Workspace

CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{8,}$")


def set_team(
    *, session: Session, workspace: Workspace, name: str, lead: Person, channel: str
) -> tuple[Team, bool]:
    """Create or update a team; True when it was created."""
    assert workspace.id is not None
    team = session.exec(
        select(Team).where(Team.workspace_id == workspace.id, Team.name == name)
    ).first()
    created = team is None
    if team is None:
        team = Team(workspace_id=workspace.id, name=name)
    team.lead_id, team.digest_channel = lead.id, channel
    session.add(team)
    session.flush()
    return team, created


def ensure_person(
    *,
    session: Session,
    workspace: Workspace,
    slack_user_id: str,
    now: datetime,
    email: str | None = None,
    tz: str | None = None,
) -> Person:
    """The person for a Slack user, created on first sight; email and tz kept current."""
    assert workspace.id is not None
    person = session.exec(
        select(Person).where(
            Person.workspace_id == workspace.id, Person.slack_user_id == slack_user_id
        )
    ).first()
    if person is None:
        person = Person(workspace_id=workspace.id, slack_user_id=slack_user_id, joined_at=now)
    person.email = email or person.email
    person.tz = tz or person.tz
    session.add(person)
    session.flush()
    return person
