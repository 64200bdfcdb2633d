"""An org for the digest and catch-up tests: a manager, their channel, members and the job."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from freezegun import freeze_time
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.db import session_scope
from bot.jobs import JobContext, job_named
from bot.models import (
    Conversation,
    Team,
)
from tests.support.factories import add_person
from tests.support.fakeslack.fixtures import MANAGER

CHANNEL = "C0DIGEST01"
LEAD = "U0LEAD0001"
NEW_YORK = "America/New_York"
# Monday 23 Nov 2026, 08:30 in New York (EST): half an hour before the lead's digest hour.
NOW = datetime(2026, 11, 23, 13, 30, tzinfo=UTC)


@dataclass
class Org:
    """Ids of a workspace with one team, its lead and the manager of its members."""

    workspace_id: int
    team_id: int
    lead_id: int
    manager_id: int
    members: dict[str, int] = field(default_factory=dict)


def make_org(engine: Engine, *, joined: datetime, lead_tz: str = NEW_YORK) -> Org:
    """A workspace with Grace (manager, New York) and a team led by Lin with a digest channel."""
    with session_scope(engine) as session:
        lead = add_person(session, LEAD, slack_team="T0TEST0001", now=joined, tz=lead_tz)
        grace = add_person(session, MANAGER, slack_team="T0TEST0001", now=joined, tz=NEW_YORK)
        team = Team(
            workspace_id=lead.workspace_id, name="Platform", lead_id=lead.id, digest_channel=CHANNEL
        )
        session.add(team)
        session.flush()
        assert lead.id and grace.id and team.id
        return Org(lead.workspace_id, team.id, lead.id, grace.id)


def add_member(
    engine: Engine,
    org: Org,
    user: str,
    *,
    joined: datetime,
    met: Sequence[date] = (),
    next_on: date | None = None,
    planned_on: date | None = None,
    team: bool = True,
) -> int:
    """A report of Grace (on the team unless `team` is False) who met her on each day of `met`."""
    with session_scope(engine) as session:
        person = add_person(
            session,
            user,
            slack_team="T0TEST0001",
            now=joined,
            manager_id=org.manager_id,
            team_id=org.team_id if team else None,
            planned_on=planned_on,
        )
        assert person.id is not None
        for i, day in enumerate(sorted(met)):
            last = i == len(met) - 1
            session.add(conversation(org, person.id, day, next_on=next_on if last else None))
        org.members[user] = person.id
        return person.id


def conversation(org: Org, employee_id: int, held_on: date, **fields: Any) -> Conversation:
    return Conversation(
        workspace_id=org.workspace_id,
        employee_id=employee_id,
        partner_id=org.manager_id,
        held_on=held_on,
        logged_by_id=org.manager_id,
        created_at=NOW,
        updated_at=NOW,
        **fields,
    )


def run_job(name: str, engine: Engine, settings: Settings, at: datetime) -> dict[str, int]:
    job = job_named(name)
    assert job is not None and job.run is not None
    with freeze_time(at):
        return job.run(JobContext(settings=settings, engine=engine, clock=lambda: at))
