"""The follow-up and prep-reminder planners' world: people in two zones, conversations held,
and the planner run at a given moment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from freezegun import freeze_time
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select, update

from bot.config import Settings
from bot.db import session_scope
from bot.jobs import JobContext, job_named
from bot.models import ActionItem, Conversation, Delivery, Person
from tests.support.factories import add_person
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER

BERLIN = ZoneInfo("Europe/Berlin")  # Ada's zone; clocks go back on Sunday 25 Oct 2026
NEW_YORK = ZoneInfo("America/New_York")  # Grace's zone; clocks go back on Sunday 1 Nov 2026
HELD = date(2026, 9, 24)  # a Thursday; 30 days on is Saturday 24 Oct
# Friday 23 Oct 2026, 20:00 in Berlin (CEST), 14:00 in New York (EDT).
NOW = datetime(2026, 10, 23, 18, 0, tzinfo=UTC)


@dataclass(frozen=True)
class People:
    workspace: int
    ada: int
    grace: int


def people(engine: Engine) -> People:
    """Ada (EMPLOYEE, Berlin) reports to Grace (MANAGER, New York)."""
    joined = datetime(2025, 1, 1, tzinfo=UTC)
    with session_scope(engine) as session:
        grace = add_person(
            session, MANAGER, slack_team="T0TEST0001", now=joined, tz="America/New_York"
        )
        ada = add_person(
            session,
            EMPLOYEE,
            slack_team="T0TEST0001",
            now=joined,
            tz="Europe/Berlin",
            manager_id=grace.id,
        )
        return People(ada.workspace_id, ada.id or 0, grace.id or 0)


def met(
    engine: Engine,
    who: People,
    *,
    held_on: date = HELD,
    follow_up: str = "monthly",
    next_on: date | None = date(2026, 12, 23),
    items: tuple[str, ...] = ("Draft a talk <!here>",),
) -> int:
    """A conversation Grace logged with Ada, with Ada's open next steps; its id."""
    with session_scope(engine) as session:
        conversation = Conversation(
            workspace_id=who.workspace,
            employee_id=who.ada,
            partner_id=who.grace,
            held_on=held_on,
            follow_up=follow_up,
            next_on=next_on,
            logged_by_id=who.grace,
            created_at=NOW,
            updated_at=NOW,
        )
        session.add(conversation)
        session.flush()
        for body in items:
            session.add(
                ActionItem(
                    conversation_id=conversation.id or 0,
                    owner_id=who.ada,
                    body=body,
                    due_on=held_on + timedelta(days=45),
                    created_at=NOW,
                )
            )
        return conversation.id or 0


def edit(engine: Engine, person_id: int, **changes: object) -> None:
    with session_scope(engine) as session:
        person = session.get(Person, person_id)
        assert person is not None
        for name, value in changes.items():
            setattr(person, name, value)
        session.add(person)


def run(engine: Engine, settings: Settings, job: str, at: datetime) -> dict[str, int]:
    found = job_named(job)
    assert found is not None and found.run is not None
    with freeze_time(at):
        return found.run(JobContext(settings=settings, engine=engine, clock=lambda: at))


def rows(engine: Engine, kind: str) -> list[Delivery]:
    with Session(engine) as session:
        query = select(Delivery).where(Delivery.kind == kind).order_by(col(Delivery.recipient))
        return list(session.exec(query).all())


def mark_sent(engine: Engine, *, due_by: datetime | None = None) -> None:
    """What the dispatcher would do: every pending row (or those due by `due_by`) is sent."""
    query = update(Delivery).where(col(Delivery.state) == "pending")
    if due_by is not None:
        query = query.where(col(Delivery.not_before) <= due_by)
    with session_scope(engine) as session:
        session.execute(query.values(state="sent", sent_at=due_by or NOW))


def utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def followup_items(engine: Engine) -> list[ActionItem]:
    with Session(engine) as session:
        return list(session.exec(select(ActionItem).order_by(col(ActionItem.id))).all())
