"""Prep reminders: both people of a scheduled conversation hear about it two working days ahead.

A pair's scheduled date is the `next_on` of their latest conversation while it is still ahead.
Once it has passed, a manager's "Schedule it" (`Person.planned_on`, the person with their
current manager) takes over, if it is later than their latest conversation: an older plan was
met, or replaced by the conversation's own next date.

Each reminder lands at the recipient's first working-day morning (own time zone, outside quiet
hours) on or after the reminder day, and is not sent on or after the meeting day itself: a date
set late, or downtime, still gets its reminder if there is a working morning left before it.
The outbox key is the pair and the date, so a date from `next_on` and the same date from
`planned_on` are one reminder, and a moved date is a new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, case
from sqlalchemy import select as select_columns
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from bot.models import Person, Workspace
from bot.services.conversations.pairs import (
    Mornings,
    Pair,
    Party,
    available,
    latest_conversations,
    party_columns,
    party_of,
    ranked_conversations,
)
from bot.timing import reminder_day

# Only meetings this close can have a reminder due: a next morning is at most four days ahead
# (a Friday evening in one zone is Monday in another) and the reminder day at most four days
# before the meeting (two working days across a weekend).
LOOKAHEAD = timedelta(days=10)


@dataclass(frozen=True)
class Meeting:
    pair: Pair
    on: date


@dataclass(frozen=True)
class DuePrep:
    """One reminder owed to one of the two people, landing `at` (UTC)."""

    meeting: Meeting
    recipient: Party
    at: datetime

    @property
    def period_key(self) -> str:
        return f"{self.meeting.pair.key}:{self.meeting.on.isoformat()}"


def prep_reminders_due(*, session: Session, now: datetime) -> list[DuePrep]:
    """Every reminder whose recipient's next morning falls in its window; two queries."""
    due = []
    mornings = Mornings(now)
    for meeting in scheduled_meetings(session=session, now=now):
        first, last = reminder_day(meeting.on), meeting.on - timedelta(days=1)
        for party in meeting.pair.parties:
            morning = mornings.of(meeting.pair, party)
            if first <= morning.on <= last:
                due.append(DuePrep(meeting, party, morning.at))
    return due


def scheduled_meetings(*, session: Session, now: datetime) -> list[Meeting]:
    """Every pair's next date within LOOKAHEAD of today (UTC): conversations' `next_on`, then
    plans."""
    today = now.date()
    window = today, today + LOOKAHEAD
    latest = latest_conversations(session=session, now=now, next_between=window)
    meetings = [Meeting(c.pair, c.next_on) for c in latest if c.next_on is not None]
    return meetings + _planned(session, window)


def _planned(session: Session, window: tuple[date, date]) -> list[Meeting]:
    """Plans within `window`, with the current manager, later than the pair's latest meeting
    and not overridden by a next date of that meeting still ahead."""
    today = window[0]
    ranked = ranked_conversations()
    person, manager = aliased(Person), aliased(Person)
    ids = col(person.id), col(manager.id)
    low_high = and_(
        ranked.c.rank == 1,
        ranked.c.low == case((ids[0] < ids[1], ids[0]), else_=ids[1]),
        ranked.c.high == case((ids[0] < ids[1], ids[1]), else_=ids[0]),
    )
    rows = session.execute(
        select_columns(
            col(person.planned_on),
            col(Workspace.id),
            col(Workspace.quiet_hours_start),
            col(Workspace.quiet_hours_end),
            *party_columns(person),
            *party_columns(manager),
        )
        .join(manager, col(manager.id) == col(person.manager_id))
        .join(Workspace, col(Workspace.id) == col(person.workspace_id))
        .outerjoin(ranked, low_high)
        .where(
            col(person.planned_on).between(*window),
            col(Workspace.uninstalled_at).is_(None),
            available(person, today),
            available(manager, today),
            (ranked.c.held_on.is_(None)) | (ranked.c.held_on < col(person.planned_on)),
            (ranked.c.next_on.is_(None)) | (ranked.c.next_on < today),
        )
        .order_by(col(person.id))
    ).all()
    return [
        Meeting(
            Pair(
                workspace_id=row[1],
                employee=party_of(*row[4:8]),
                partner=party_of(*row[8:12]),
                quiet_hours_start=row[2],
                quiet_hours_end=row[3],
            ),
            row[0],
        )
        for row in rows
    ]
