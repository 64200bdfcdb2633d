"""The counts behind the team digests, aggregated in SQL for every due team at once: members
and coverage, due this week, goals set, action items done, and the lapsed pairs streamed
team by team. Counts and dates only: nothing anyone wrote, rated or named is selected.

The due teams reach the database as one derived table (`bot.services.nudges.sql_rows`), so
no statement's parameters grow with the number of teams, and each query returns one row per
due team (the lapsed pairs: one per pair), never one per member.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Date, Select, Subquery, case, func, literal
from sqlalchemy import select as select_columns
from sqlalchemy.orm import Mapped
from sqlmodel import Session, col

from bot.models import ActionItem, Conversation, Goal, Person, Workspace
from bot.services.nudges.lapses import lapse_query
from bot.services.nudges.sql_days import days_between, utc_day
from bot.services.nudges.sql_rows import rows_table
from bot.shapes.nudges import DigestTeam, LapsedPair

PERIOD = timedelta(days=7)
DUE_COLUMNS = {"n": int, "team_id": int, "week_start": date, "week_end": date}
STREAM_ROWS = 2_000  # lapsed pairs fetched at a time


@dataclass(frozen=True)
class Coverage:
    members: int = 0
    covered: int = 0
    members_before: int = 0
    covered_before: int = 0
    due_this_week: int = 0


def due_table(session: Session, teams: Sequence[DigestTeam]) -> Subquery:
    """The due teams as a table: n (their position in `teams`), team id, and the lead's week."""
    rows = [
        (n, team.team_id, team.week_start, team.week_start + timedelta(days=6))
        for n, team in enumerate(teams)
    ]
    return rows_table(session.get_bind().dialect.name, "due", DUE_COLUMNS, rows)


def coverage(session: Session, due: Subquery, today: date) -> dict[int, Coverage]:
    """Per due team (by n): current members, covered now and one period ago, due this week.

    Covered: the last conversation within the member's cadence of the day; one period ago,
    only members who had joined by then count. Due: the last recap's next date (the latest
    `next_on`) or a scheduled `planned_on` within the lead's week.
    """
    before = literal(today - PERIOD, Date())
    day = literal(today, Date())
    # Each member's dates by index look-ups ((employee_id, held_on), (employee_id, next_on)),
    # only for members of due teams; OFFSET 0 keeps both databases from merging this into the
    # outer query, which would look each date up once per use instead of once.
    member = (
        select_columns(
            due.c.n,
            due.c.week_start,
            due.c.week_end,
            func.coalesce(col(Person.cadence_days), col(Workspace.default_cadence_days)).label(
                "cadence"
            ),
            utc_day(col(Person.joined_at)).label("joined_on"),
            col(Person.planned_on).label("planned_on"),
            _latest(col(Conversation.held_on)).label("held_on"),
            _latest(col(Conversation.held_on), col(Conversation.held_on) <= before).label(
                "held_before"
            ),
            _latest(col(Conversation.next_on)).label("next_on"),
        )
        .select_from(due)
        .join(Person, col(Person.team_id) == due.c.team_id)
        .join(Workspace, col(Workspace.id) == col(Person.workspace_id))
        .where(col(Person.left_at).is_(None))
        .offset(0)
        .subquery("member")
    )
    m = member.c
    joined_before = m.joined_on <= before
    week = (m.week_start, m.week_end)
    rows = session.execute(
        select_columns(
            m.n,
            func.count(),
            _count(m.held_on.is_not(None), days_between(m.held_on, day) <= m.cadence),
            _count(joined_before),
            _count(
                joined_before,
                m.held_before.is_not(None),
                days_between(m.held_before, before) <= m.cadence,
            ),
            _count(m.next_on.between(*week) | m.planned_on.between(*week)),
        ).group_by(m.n)
    ).all()
    return {n: Coverage(*(int(v or 0) for v in values)) for n, *values in rows}


def _latest(column: Any, *where: Any) -> Any:
    """The member's latest `column` among their conversations (as the employee)."""
    return (
        select_columns(func.max(column))
        .where(col(Conversation.employee_id) == col(Person.id), *where)
        .scalar_subquery()
    )


def _count(*conditions: Any) -> Any:
    return func.sum(case((_all(conditions), 1), else_=0))


def _all(conditions: Sequence[Any]) -> Any:
    result = conditions[0]
    for condition in conditions[1:]:
        result = result & condition
    return result


def goals_set(session: Session, due: Subquery, now: datetime) -> Counts:
    """Goals members created, per due team (by n): last seven days, and the seven before."""
    query = (
        select_columns(due.c.n)
        .select_from(Goal)
        .join(Person, col(Person.id) == col(Goal.person_id))
        .join(due, due.c.team_id == col(Person.team_id))
    )
    return _per_team(session, query, due, col(Goal.created_at), now)


def items_done(session: Session, due: Subquery, now: datetime) -> Counts:
    """Action items of members' conversations marked done, per due team, in the same periods."""
    query = (
        select_columns(due.c.n)
        .select_from(ActionItem)
        .join(Conversation, col(Conversation.id) == col(ActionItem.conversation_id))
        .join(Person, col(Person.id) == col(Conversation.employee_id))
        .join(due, due.c.team_id == col(Person.team_id))
    )
    return _per_team(session, query, due, col(ActionItem.done_at), now)


Counts = dict[int, tuple[int, int]]


def _per_team(
    session: Session, query: Select[Any], due: Subquery, stamp: Mapped[Any], now: datetime
) -> Counts:
    start, earlier = now - PERIOD, now - 2 * PERIOD
    rows = session.execute(
        query.add_columns(
            func.sum(case((stamp >= start, 1), else_=0)),
            func.sum(case((stamp < start, 1), else_=0)),
        )
        .where(col(Person.left_at).is_(None), stamp >= earlier, stamp < now)
        .group_by(due.c.n)
    ).all()
    return {n: (int(recent or 0), int(older or 0)) for n, recent, older in rows}


def lapsed_by_team(
    session: Session, due: Subquery, now: datetime
) -> Iterator[tuple[int, list[LapsedPair]]]:
    """(team id, its lapsed pairs, longest first) for due teams with any, in team id order.

    The pairs `lapsed()` finds, narrowed to members of due teams and streamed in team order,
    so only one team's pairs are held at a time.
    """
    query = lapse_query(now, among_teams=select_columns(due.c.team_id))
    rows = session.connection().execute(query.execution_options(yield_per=STREAM_ROWS))
    current: int | None = None
    pairs: list[LapsedPair] = []
    for _, _, report, _, manager, _, _, days, held_on, _, _, team_id in rows:
        if team_id != current:
            if current is not None:
                yield current, _longest_first(pairs)
            current, pairs = team_id, []
        pairs.append(LapsedPair(report, manager, days, held_on is not None))
    if current is not None:
        yield current, _longest_first(pairs)


def _longest_first(pairs: list[LapsedPair]) -> list[LapsedPair]:
    pairs.sort(key=lambda pair: (-pair.days_since, pair.report_user_id))
    return pairs
