"""A realistic team for the digest tests, what its records hold, and the digests planned."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.db import session_scope
from bot.models import (
    ActionItem,
    Conversation,
    Delivery,
    Goal,
    Person,
)
from tests.support.digest_org import (
    NOW,
    Org,
    add_member,
    make_org,
)

NINE_NEW_YORK = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
TODAY = NOW.date()


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def realistic_org(engine: Engine) -> Org:
    """Seven current members of Platform, one who left, and Grace (not on the team).

    Now: covered A (10 days ago), B (3 days ago), F (30 days ago) → 3 of 7.
    A week ago: covered A, C (88 days then), F; G had not joined → 3 of 6.
    Lapsed: C (95 days), D (never, joined 400 days ago). E is past but has a date this week.
    Due this week (23 to 29 Nov): E's next_on, F's planned_on. A's next_on is next week.
    """
    joined = NOW - timedelta(days=400)
    org = make_org(engine, joined=joined)
    a = add_member(
        engine, org, "U0MEMBERA", joined=joined, met=[days_ago(10)], next_on=days_ago(-7)
    )
    b = add_member(engine, org, "U0MEMBERB", joined=joined, met=[days_ago(100), days_ago(3)])
    c = add_member(engine, org, "U0MEMBERC", joined=joined, met=[days_ago(95)])
    add_member(engine, org, "U0MEMBERD", joined=joined)
    add_member(engine, org, "U0MEMBERE", joined=joined, met=[days_ago(120)], next_on=days_ago(-2))
    add_member(engine, org, "U0MEMBERF", joined=joined, met=[days_ago(30)], planned_on=days_ago(-4))
    add_member(engine, org, "U0MEMBERG", joined=NOW - timedelta(days=5))
    gone = add_member(engine, org, "U0MEMBERH", joined=joined, met=[days_ago(200)])
    with session_scope(engine) as session:
        person = session.get(Person, gone)
        assert person is not None
        person.left_at = NOW - timedelta(days=20)
        session.add(person)
        for owner, ago in [(a, 2), (b, 6), (c, 10), (c, 20), (gone, 1), (org.manager_id, 1)]:
            session.add(goal(owner, NOW - timedelta(days=ago)))
        items: list[tuple[int, int | None]] = [
            (a, 1),
            (a, 2),
            (b, 3),
            (a, 9),
            (b, 15),
            (a, None),
            (gone, 1),
        ]
        conversations = {
            owner: session.exec(
                select(Conversation.id).where(Conversation.employee_id == owner)
            ).first()
            for owner, _ in items
        }
        for owner, days in items:
            done = None if days is None else NOW - timedelta(days=days)
            session.add(item(conversations[owner] or 0, owner, done))
    return org


def goal(person_id: int, created: datetime, title: str = "Lead a design review") -> Goal:
    return Goal(
        person_id=person_id,
        title=title,
        horizon="short",
        target_on=TODAY + timedelta(days=60),
        created_at=created,
        updated_at=created,
    )


def item(
    conversation_id: int, owner_id: int, done: datetime | None, body: str = "Pair"
) -> ActionItem:
    return ActionItem(
        conversation_id=conversation_id, owner_id=owner_id, body=body, done_at=done, created_at=NOW
    )


def digest_rows(engine: Engine, kind: str = "digest") -> list[Delivery]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(Delivery).where(Delivery.kind == kind).order_by(col(Delivery.id))
            ).all()
        )


def utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
