"""A seeded org for the planners: teams, leads, reports and their last conversations."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, update

from bot.db import session_scope
from bot.models import Conversation, Person, Team, Workspace
from bot.services.workspaces.registry import ensure_workspace

ZONES = ("Europe/London", "America/New_York", "Asia/Tokyo")


def seed_org(
    engine: Engine, now: datetime, *, teams: int, reports: int, lapsed: int, first: int = 0
) -> None:
    """`teams` teams of a lead and `reports` reports; the first `lapsed` of each are lapsed.

    Teams are numbered from `first`: seeding again from another number adds teams.
    Each report met their lead on a 90-day cadence, 200 days ago if lapsed, else 10 days ago.
    Zones are fresh (no look-ups before planning), and each team's digest moment, Monday
    00:00 in the lead's zone, has passed this week whatever the day: every team is due.
    """
    joined = now - timedelta(days=800)
    with session_scope(engine) as session:
        workspace = ensure_workspace(session=session, slack_team_id="T0TEST0001", now=joined)
        assert workspace.id is not None
        session.exec(update(Workspace).values(digest_weekday=0, digest_hour=0))
        for t in range(first, first + teams):
            zone = ZONES[t % len(ZONES)]
            # Zones fetched now: no zone look-ups before planning.
            lead, team = add_led_team(session, workspace.id, t, zone=zone, now=now, joined=joined)
            for r in range(reports):
                report = add_report(session, team, lead, r, cadence_days=90, now=now)
                held_on = (now - timedelta(days=200 if r < lapsed else 10)).date()
                add_manager_conversation(session, report, lead, held_on=held_on)


def add_led_team(
    session: Session, workspace_id: int, t: int, *, zone: str, now: datetime, joined: datetime
) -> tuple[Person, Team]:
    """Team number `t`: its lead (U0LEAD<t>, in `zone`) and its digest channel (C0TEAM<t>)."""
    lead = Person(
        workspace_id=workspace_id,
        slack_user_id=f"U0LEAD{t:04d}",
        tz=zone,
        tz_fetched_at=now,
        joined_at=joined,
    )
    session.add(lead)
    session.flush()
    team = Team(
        workspace_id=workspace_id,
        name=f"Team {t}",
        lead_id=lead.id,
        digest_channel=f"C0TEAM{t:04d}",
    )
    session.add(team)
    session.flush()
    lead.team_id = team.id
    return lead, team


def add_report(
    session: Session, team: Team, lead: Person, r: int, *, cadence_days: int, now: datetime
) -> Person:
    """Report number `r` of the lead's team (U0REP<t><r>), in the lead's zone."""
    report = Person(
        workspace_id=lead.workspace_id,
        slack_user_id=f"U0REP{lead.slack_user_id.removeprefix('U0LEAD')}{r}",
        tz=lead.tz,
        tz_fetched_at=now,
        team_id=team.id,
        manager_id=lead.id,
        manager_source="csv",
        cadence_days=cadence_days,
        joined_at=lead.joined_at,
    )
    session.add(report)
    session.flush()
    return report


def add_manager_conversation(
    session: Session, report: Person, lead: Person, *, held_on: date
) -> None:
    """A manager conversation of the report with their lead on `held_on`, logged by the lead."""
    assert report.id is not None and lead.id is not None
    session.add(
        Conversation(
            workspace_id=report.workspace_id,
            employee_id=report.id,
            partner_id=lead.id,
            held_on=held_on,
            kind="manager",
            shared_notes="",
            follow_up="none",
            logged_by_id=lead.id,
            created_at=lead.joined_at,
            updated_at=lead.joined_at,
        )
    )
