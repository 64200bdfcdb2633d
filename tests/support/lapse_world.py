"""Grace, her lapsed reports and the `lapses` job at a frozen Friday evening in Berlin."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from freezegun import freeze_time
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select, update

from bot.config import Settings
from bot.db import session_scope
from bot.jobs import JobContext, job_named
from bot.models import Conversation, Delivery, Person
from tests.support.factories import add_person
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER

BERLIN = ZoneInfo("Europe/Berlin")
# A Friday evening in Berlin (19:30 CET); the next working-day morning is Monday 23 Nov.
NOW = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)
MONDAY_MORNING = datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)


def grace_and_reports(
    engine: Engine, *, last_met_days_ago: int | None = 91, reports: int = 1
) -> list[int]:
    """Grace (manager, Berlin) and her reports, Ada first; Ada last met Grace that long ago."""
    joined = NOW - timedelta(days=400)
    with session_scope(engine) as session:
        grace = add_person(
            session, MANAGER, slack_team="T0TEST0001", now=joined, tz="Europe/Berlin"
        )
        people = [
            add_person(
                session,
                EMPLOYEE if i == 0 else f"U0REPORT{i:03d}",
                slack_team="T0TEST0001",
                now=joined,
                manager_id=grace.id,
            )
            for i in range(reports)
        ]
        ids = [p.id or 0 for p in people]
        if last_met_days_ago is not None:
            met(session, ids[0], grace.id or 0, NOW.date() - timedelta(days=last_met_days_ago))
    return ids


def met(session: Session, employee_id: int, partner_id: int, on: date) -> None:
    employee = session.get(Person, employee_id)
    assert employee is not None
    session.add(
        Conversation(
            workspace_id=employee.workspace_id,
            employee_id=employee_id,
            partner_id=partner_id,
            held_on=on,
            logged_by_id=partner_id,
            created_at=NOW,
            updated_at=NOW,
        )
    )


def run_lapses(engine: Engine, settings: Settings, at: datetime) -> dict[str, int]:
    job = job_named("lapses")
    assert job is not None and job.run is not None
    with freeze_time(at):
        return job.run(JobContext(settings=settings, engine=engine, clock=lambda: at))


def delivery_rows(engine: Engine) -> list[Delivery]:
    with Session(engine) as session:
        return list(session.exec(select(Delivery).order_by(col(Delivery.id))).all())


def mark_sent(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.execute(update(Delivery).values(state="sent", sent_at=NOW))


def utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def edit_person(engine: Engine, person_id: int, **changes: object) -> None:
    with session_scope(engine) as session:
        person = session.get(Person, person_id)
        assert person is not None
        for name, value in changes.items():
            setattr(person, name, value)
        session.add(person)
