"""A seeded org for the planners: teams, leads, reports and their last conversations."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import update

from bot.db import session_scope
from bot.models import Conversation, Person, Team, Workspace
from bot.services.workspaces.registry import ensure_workspace

ZONES = ("Europe/London", "America/New_York", "Asia/Tokyo")


def seed_org(engine: Engine, now: datetime, *, teams: int, reports: int, lapsed: int) -> None:
    """`teams` teams of a lead and `reports` reports; the first `lapsed` of each are lapsed.

    Each report met their lead on a 90-day cadence, 200 days ago if lapsed, else 10 days ago.
    Zones are fresh (no look-ups before planning), and each team's digest moment, Monday
    00:00 in the lead's zone, has passed this week whatever the day: every team is due.
    """
    joined = now - timedelta(days=800)
    with session_scope(engine) as session:
        workspace = ensure_workspace(session=session, slack_team_id="T0TEST0001", now=joined)
        assert workspace.id is not None
        session.exec(update(Workspace).values(digest_weekday=0, digest_hour=0))
        for t in range(teams):
            zone = ZONES[t % len(ZONES)]
            lead = Person(
                workspace_id=workspace.id,
                slack_user_id=f"U0LEAD{t:04d}",
                tz=zone,
                tz_fetched_at=now,  # fresh: no zone look-ups before planning
                joined_at=joined,
            )
            session.add(lead)
            session.flush()
            team = Team(
                workspace_id=workspace.id,
                name=f"Team {t}",
                lead_id=lead.id,
                digest_channel=f"C0TEAM{t:04d}",
            )
            session.add(team)
            session.flush()
            lead.team_id = team.id
            for r in range(reports):
                report = Person(
                    workspace_id=workspace.id,
                    slack_user_id=f"U0REP{t:04d}{r}",
                    tz=zone,
                    tz_fetched_at=now,
                    team_id=team.id,
                    manager_id=lead.id,
                    manager_source="csv",
                    cadence_days=90,
                    joined_at=joined,
                )
                session.add(report)
                session.flush()
                assert report.id is not None and lead.id is not None
                session.add(
                    Conversation(
                        workspace_id=workspace.id,
                        employee_id=report.id,
                        partner_id=lead.id,
                        held_on=(now - timedelta(days=200 if r < lapsed else 10)).date(),
                        kind="manager",
                        shared_notes="",
                        follow_up="none",
                        logged_by_id=lead.id,
                        created_at=joined,
                        updated_at=joined,
                    )
                )
