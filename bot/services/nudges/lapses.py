"""Lapses: current reports whose manager is past the cadence for a career conversation.

Pure planning: who is lapsed, and when their manager's reminder may arrive. The `lapses` job
turns the plan into outbox rows; the reminder's snooze buttons go through `snooze`, and its
"Schedule it" through `schedule`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import Date, Select, func, literal
from sqlalchemy import select as select_columns
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, or_, select

from bot.models import Conversation, Person, Workspace
from bot.services import NotAllowed
from bot.services.nudges.sql_days import days_between, utc_day
from bot.shapes.nudges import PLAN_AHEAD_DAYS, Lapse, PlanProblem
from bot.timing import WORKING_DAYS, zone_named

SNOOZE_DAYS = (7, 14)


def lapse_query(now: datetime, *, among_teams: Select[Any] | None = None) -> Select[Any]:
    """The lapsed pairs as of `now`: the columns `lapsed()` reads, then the report's team id.

    With `among_teams` (a query of team ids), only reports in those teams, in team id order
    (`digests` streams the pairs of the teams whose digest is due).
    """
    today = literal(now.date(), Date())
    manager = aliased(Person)
    # Who has a next date still ahead: NOT EXISTS, not NOT IN (subquery). Postgres runs NOT
    # EXISTS as an anti-join at any size, while a NOT IN subquery that outgrows work_mem is
    # scanned once per person (at 1M people it never finished); SQLite probes the
    # (employee_id, next_on) index once per report.
    ahead = aliased(Conversation)
    planned_ahead = (
        select_columns(literal(1))
        .where(col(ahead.employee_id) == col(Person.id), col(ahead.next_on) >= today)
        .exists()
    )
    # The last conversation, looked up in the (employee_id, held_on) index for each report
    # left after the filters above, rather than aggregated over every conversation first.
    # OFFSET 0 keeps both databases from merging this into the outer query, which would look
    # it up once per use.
    latest = (
        select_columns(func.max(Conversation.held_on))
        .where(col(Conversation.employee_id) == col(Person.id))
        .scalar_subquery()
    )
    report = (
        select_columns(
            col(Person.id).label("id"),
            col(Person.slack_user_id).label("slack_user_id"),
            col(Person.manager_id).label("manager_id"),
            col(Person.workspace_id).label("workspace_id"),
            col(Person.cadence_days).label("cadence_days"),
            col(Person.joined_at).label("joined_at"),
            col(Person.team_id).label("team_id"),
            latest.label("held_on"),
        )
        .where(
            col(Person.left_at).is_(None),
            col(Person.manager_id).is_not(None),
            or_(col(Person.paused_until).is_(None), col(Person.paused_until) <= today),
            or_(col(Person.snoozed_until).is_(None), col(Person.snoozed_until) <= now),
            ~planned_ahead,
            or_(col(Person.planned_on).is_(None), col(Person.planned_on) < today),
            *([col(Person.team_id).in_(among_teams)] if among_teams is not None else []),
        )
        .offset(0)
        .subquery("report")
    )
    r = report.c
    days_since = days_between(func.coalesce(r.held_on, utc_day(r.joined_at)), today)
    cadence = func.coalesce(r.cadence_days, col(Workspace.default_cadence_days))
    query = (
        select_columns(
            col(Workspace.id),
            r.id,
            r.slack_user_id,
            col(manager.id),
            col(manager.slack_user_id),
            col(manager.tz_override),
            col(manager.tz),
            days_since,
            r.held_on,
            col(Workspace.quiet_hours_start),
            col(Workspace.quiet_hours_end),
            r.team_id,
        )
        .select_from(report)
        .join(manager, col(manager.id) == r.manager_id)
        .join(Workspace, col(Workspace.id) == r.workspace_id)
        .where(
            col(manager.left_at).is_(None),
            col(Workspace.uninstalled_at).is_(None),
            days_since > cadence,
        )
    )
    return query.order_by(r.team_id) if among_teams is not None else query


def lapsed(*, session: Session, now: datetime) -> list[Lapse]:
    """Every lapsed (report, manager) pair in installed workspaces, in one query.

    Left, paused (until after today) and snoozed (until after now) reports are skipped, and
    so are reports whose manager left. A report is lapsed when their cadence has passed since
    their last conversation (or since joining) and no next date is still ahead: neither the
    last recap's next date nor one the manager planned ("Schedule it"). The database decides
    all of that, so only lapsed pairs come back, in no particular order, as plain columns through
    Core: this runs over every person of every workspace (see bench/bench_lapses.py).
    """
    query = lapse_query(now)
    zones: dict[tuple[str | None, str | None], tzinfo] = {}
    result = []
    for (
        workspace_id,
        report_id,
        report_user,
        manager_id,
        manager_user,
        tz_override,
        tz,
        days,
        held_on,
        quiet_start,
        quiet_end,
        _team_id,
    ) in session.connection().execute(query).all():
        zone = zones.get((tz_override, tz))
        if zone is None:
            zone = zones[(tz_override, tz)] = zone_named(tz_override, tz)
        result.append(
            Lapse(
                workspace_id,
                report_id,
                report_user,
                manager_id,
                manager_user,
                zone,
                days,
                held_on,
                quiet_start,
                quiet_end,
            )
        )
    return result


def period_of(report_id: int, at: datetime, zone: tzinfo) -> str:
    """The once-a-week key: the report and the ISO week the reminder lands in (local)."""
    year, week, _ = at.astimezone(zone).isocalendar()
    return f"{report_id}:{year}-W{week:02d}"


def current_report(*, session: Session, actor_id: int, report_id: int) -> Person:
    """The report, if the actor is their current manager: whoever else asks, NotAllowed."""
    report = session.get(Person, report_id)
    if report is None or report.left_at is not None or report.manager_id != actor_id:
        raise NotAllowed("not your report")
    return report


def snooze(*, session: Session, actor_id: int, report_id: int, days: int, now: datetime) -> Person:
    """Snooze a report's lapse reminders; only their current manager may. Returns the report."""
    if days not in SNOOZE_DAYS:
        raise NotAllowed("not a snooze length")
    report = current_report(session=session, actor_id=actor_id, report_id=report_id)
    report.snoozed_until = now + timedelta(days=days)
    session.add(report)
    session.flush()
    return report


class Invalid(Exception):
    """The picked day cannot be planned: the problem, and the last day that could be."""

    def __init__(self, problem: PlanProblem, *, latest: date) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.latest = latest
        self.ahead_days = PLAN_AHEAD_DAYS


@dataclass(frozen=True)
class Planned:
    """A next conversation a manager scheduled from a reminder, for the DM and the invite."""

    report: Person
    on: date
    # The report's last conversation (None: never met): the invite's calendar entry is one
    # per round of reminders, so scheduling again moves it rather than adding another.
    after_conversation_id: int | None


def plan_day(today: date) -> date:
    """The day "Schedule it" suggests: a week out, moved to the Monday when that is a weekend."""
    day = today + timedelta(days=7)
    while day.weekday() not in WORKING_DAYS:
        day += timedelta(days=1)
    return day


def schedule(
    *, session: Session, actor_id: int, report_id: int, on: date | None, today: date
) -> Planned:
    """Plan the next conversation with a report; only their current manager may.

    The day must be from `today` (the manager's) to PLAN_AHEAD_DAYS on. Until it has passed
    the report is not lapsed, so the reminders stop.
    """
    report = current_report(session=session, actor_id=actor_id, report_id=report_id)
    latest = today + timedelta(days=PLAN_AHEAD_DAYS)
    if on is None:
        raise Invalid(PlanProblem.NO_DAY, latest=latest)
    if on < today:
        raise Invalid(PlanProblem.PASSED, latest=latest)
    if on > latest:
        raise Invalid(PlanProblem.TOO_FAR, latest=latest)
    report.planned_on = on
    session.add(report)
    session.flush()
    last = session.exec(
        select(func.max(Conversation.id)).where(Conversation.employee_id == report.id)
    ).one()
    return Planned(report=report, on=on, after_conversation_id=last)
