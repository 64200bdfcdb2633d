"""Lapses: current reports whose manager is past the cadence for a career conversation.

Pure planning: who is lapsed, and when their manager's reminder may arrive. The `lapses` job
turns the plan into outbox rows; the snooze buttons go through `snooze`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from sqlalchemy import func
from sqlalchemy import select as select_columns
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, or_, select

from bot.models import Conversation, Person, Workspace
from bot.services import NotAllowed
from bot.services.calendar import zone_named

MORNING = time(9, 0)
WORKING_DAYS = range(0, 5)  # Monday to Friday
SNOOZE_DAYS = (7, 14)


@dataclass(frozen=True)
class Lapse:
    """One report past their cadence, and the manager who gets the reminder."""

    workspace_id: int
    report_id: int
    report_user_id: str
    manager_id: int
    manager_user_id: str
    manager_zone: tzinfo
    days_since: int
    last_on: date | None
    quiet_hours_start: int
    quiet_hours_end: int


def lapsed(*, session: Session, now: datetime) -> list[Lapse]:
    """Every lapsed (report, manager) pair in installed workspaces, in one query.

    Left, paused (until after today) and snoozed (until after now) reports are skipped, and
    so are reports whose manager left. A report is lapsed when their cadence has passed since
    their last conversation (or since joining) and no planned next date is still ahead. Rows
    come back as plain columns, not ORM objects: this runs over every person of every
    workspace (see bench/bench_lapses.py).
    """
    today = now.date()
    manager = aliased(Person)
    last = (
        select(
            col(Conversation.employee_id).label("employee_id"),
            func.max(Conversation.held_on).label("held_on"),
            func.max(Conversation.next_on).label("next_on"),
        )
        .group_by(col(Conversation.employee_id))
        .subquery()
    )
    rows = session.execute(
        select_columns(
            col(Person.id),
            col(Person.slack_user_id),
            col(Person.joined_at),
            col(Person.cadence_days),
            col(Workspace.id),
            col(Workspace.default_cadence_days),
            col(Workspace.quiet_hours_start),
            col(Workspace.quiet_hours_end),
            col(manager.id),
            col(manager.slack_user_id),
            col(manager.tz_override),
            col(manager.tz),
            last.c.held_on,
            last.c.next_on,
        )
        .join(manager, col(manager.id) == col(Person.manager_id))
        .join(Workspace, col(Workspace.id) == col(Person.workspace_id))
        .outerjoin(last, last.c.employee_id == col(Person.id))
        .where(
            col(Person.left_at).is_(None),
            col(manager.left_at).is_(None),
            col(Workspace.uninstalled_at).is_(None),
            or_(col(Person.paused_until).is_(None), col(Person.paused_until) <= today),
            or_(col(Person.snoozed_until).is_(None), col(Person.snoozed_until) <= now),
        )
        .order_by(col(Person.id))
    ).all()
    result = []
    for (
        report_id,
        report_user,
        joined_at,
        cadence,
        workspace_id,
        default_cadence,
        quiet_start,
        quiet_end,
        manager_id,
        manager_user,
        tz_override,
        tz,
        held_on,
        next_on,
    ) in rows:
        since = held_on or joined_at.date()
        days_since = (today - since).days
        if days_since <= (cadence or default_cadence) or (next_on and next_on >= today):
            continue
        result.append(
            Lapse(
                workspace_id=workspace_id,
                report_id=report_id,
                report_user_id=report_user,
                manager_id=manager_id,
                manager_user_id=manager_user,
                manager_zone=zone_named(tz_override, tz),
                days_since=days_since,
                last_on=held_on,
                quiet_hours_start=quiet_start,
                quiet_hours_end=quiet_end,
            )
        )
    return result


def is_quiet(hour: int, *, start: int, end: int) -> bool:
    """Whether `hour` (local) falls in quiet hours `start` to `end`, which may wrap midnight."""
    if start == end:
        return False
    if start > end:
        return hour >= start or hour < end
    return start <= hour < end


def next_morning(now: datetime, *, zone: tzinfo, quiet_start: int, quiet_end: int) -> datetime:
    """The next working-day morning at or after `now` in `zone`, as an aware UTC datetime.

    09:00 local, or the end of quiet hours when 09:00 is quiet; computed on the local calendar
    so a DST change moves the UTC time, never the local one.
    """
    morning = MORNING
    if is_quiet(MORNING.hour, start=quiet_start, end=quiet_end):
        morning = time(quiet_end % 24, 0)
    day = now.astimezone(zone).date()
    while True:
        at = datetime.combine(day, morning, tzinfo=zone)
        if day.weekday() in WORKING_DAYS and at >= now:
            return at.astimezone(UTC)
        day += timedelta(days=1)


def period_of(report_id: int, at: datetime, zone: tzinfo) -> str:
    """The once-a-week key: the report and the ISO week the reminder lands in (local)."""
    year, week, _ = at.astimezone(zone).isocalendar()
    return f"{report_id}:{year}-W{week:02d}"


def snooze(*, session: Session, actor_id: int, report_id: int, days: int, now: datetime) -> Person:
    """Snooze a report's lapse reminders; only their current manager may. Returns the report."""
    if days not in SNOOZE_DAYS:
        raise NotAllowed("not a snooze length")
    report = session.get(Person, report_id)
    if report is None or report.left_at is not None or report.manager_id != actor_id:
        raise NotAllowed("not your report")
    report.snoozed_until = now + timedelta(days=days)
    session.add(report)
    session.flush()
    return report
