"""The counts behind a team digest, per team in one query each: members and their
conversation dates, goals set, action items done. Counts and dates only: nothing anyone wrote,
rated or named is selected.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, case, func
from sqlalchemy import select as select_columns
from sqlalchemy.orm import Mapped
from sqlmodel import Session, col, select

from bot.models import ActionItem, Conversation, Goal, Person, Workspace

PERIOD = timedelta(days=7)


@dataclass(frozen=True)
class Member:
    person_id: int
    joined_on: date
    cadence_days: int
    held_on: date | None  # last conversation
    held_before: date | None  # last conversation on or before the start of the period
    next_on: date | None
    planned_on: date | None

    def covered(self, held: date | None, today: date) -> bool:
        return held is not None and (today - held).days <= self.cadence_days

    def due_within(self, first: date, last: date) -> bool:
        return any(d is not None and first <= d <= last for d in (self.next_on, self.planned_on))


def members_of(session: Session, team_ids: list[int], before: date) -> dict[int, list[Member]]:
    """Current members of these teams with their conversation dates (one query)."""
    in_teams = select(col(Person.id)).where(col(Person.team_id).in_(team_ids))
    last = (
        select(
            col(Conversation.employee_id).label("employee_id"),
            func.max(Conversation.held_on).label("held_on"),
            func.max(case((col(Conversation.held_on) <= before, col(Conversation.held_on)))).label(
                "held_before"
            ),
            func.max(Conversation.next_on).label("next_on"),
        )
        .where(col(Conversation.employee_id).in_(in_teams))
        .group_by(col(Conversation.employee_id))
        .subquery()
    )
    rows = session.execute(
        select_columns(
            col(Person.team_id),
            col(Person.id),
            col(Person.joined_at),
            col(Person.cadence_days),
            col(Workspace.default_cadence_days),
            col(Person.planned_on),
            last.c.held_on,
            last.c.held_before,
            last.c.next_on,
        )
        .join(Workspace, col(Workspace.id) == col(Person.workspace_id))
        .outerjoin(last, last.c.employee_id == col(Person.id))
        .where(col(Person.team_id).in_(team_ids), col(Person.left_at).is_(None))
    ).all()
    members: dict[int, list[Member]] = defaultdict(list)
    for team_id, person_id, joined, cadence, default, planned, held, held_before, next_on in rows:
        members[team_id].append(
            Member(
                person_id,
                joined.date(),
                cadence or default,
                held,
                held_before,
                next_on,
                planned,
            )
        )
    return members


def goals_set(session: Session, team_ids: list[int], now: datetime) -> Counts:
    """Goals members created, per team: last seven days, and the seven before."""
    query = (
        select_columns(col(Person.team_id))
        .select_from(Goal)
        .join(Person, col(Person.id) == col(Goal.person_id))
    )
    return _per_team(session, query, col(Goal.created_at), team_ids, now)


def items_done(session: Session, team_ids: list[int], now: datetime) -> Counts:
    """Action items of members' conversations marked done, per team, in the same two periods."""
    query = (
        select_columns(col(Person.team_id))
        .select_from(ActionItem)
        .join(Conversation, col(Conversation.id) == col(ActionItem.conversation_id))
        .join(Person, col(Person.id) == col(Conversation.employee_id))
    )
    return _per_team(session, query, col(ActionItem.done_at), team_ids, now)


Counts = defaultdict[int, tuple[int, int]]


def _per_team(
    session: Session,
    query: Select[Any],
    stamp: Mapped[Any],
    team_ids: list[int],
    now: datetime,
) -> Counts:
    start, earlier = now - PERIOD, now - 2 * PERIOD
    rows = session.execute(
        query.add_columns(
            func.sum(case((stamp >= start, 1), else_=0)),
            func.sum(case((stamp < start, 1), else_=0)),
        )
        .where(
            col(Person.team_id).in_(team_ids),
            col(Person.left_at).is_(None),
            stamp >= earlier,
            stamp < now,
        )
        .group_by(col(Person.team_id))
    ).all()
    counts: Counts = defaultdict(lambda: (0, 0))
    for team_id, recent, older in rows:
        counts[team_id] = (int(recent or 0), int(older or 0))
    return counts
