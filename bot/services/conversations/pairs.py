"""The latest conversation of each pair of people: what the between-conversation planners read.

A pair is unordered: a conversation logged in either role (a peer who was once the partner and
later the employee) belongs to the same pair, so one newer conversation replaces every older one
of the two. Pairs where either person left or is paused (until after today), in uninstalled
workspaces, or where the employee now has another manager than the partner of a manager
conversation (the old manager loses access after a reporting-line change) are left out.

One query for every workspace, returning plain columns rather than ORM objects: the planners
run over everyone every 15 minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

from sqlalchemy import ColumnElement, Subquery, case, exists, func, or_, true
from sqlalchemy import select as select_columns
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from bot.models import ActionItem, Conversation, Goal, Person, Workspace
from bot.services.conversations.followups import HORIZON_AHEAD
from bot.timing import next_morning, zone_named


@dataclass(frozen=True)
class Party:
    """One of the two people: who they are in Slack, and the zone their mornings are in."""

    person_id: int
    user_id: str
    zone: tzinfo


@dataclass(frozen=True)
class Pair:
    workspace_id: int
    employee: Party
    partner: Party
    quiet_hours_start: int
    quiet_hours_end: int

    @property
    def parties(self) -> tuple[Party, Party]:
        return self.employee, self.partner

    @property
    def key(self) -> str:
        """The same for both orientations of the pair: lower person id first."""
        low, high = sorted((self.employee.person_id, self.partner.person_id))
        return f"{low}-{high}"


@dataclass(frozen=True)
class Latest:
    """A pair's latest conversation and whether anything is open between them."""

    pair: Pair
    conversation_id: int
    held_on: date
    next_on: date | None
    follow_up: str
    # Open next steps of the pair, or the employee's active goals within HORIZON_AHEAD.
    has_open: bool


@dataclass(frozen=True)
class Morning:
    at: datetime  # UTC
    on: date  # the recipient's local day


class Mornings:
    """Each recipient's next working-day morning from `now`, outside quiet hours.

    People share a few zones and their workspace's quiet hours, so each distinct morning is
    computed once a run rather than once a person.
    """

    def __init__(self, now: datetime) -> None:
        self.now = now
        self._seen: dict[tuple[tzinfo, int, int], Morning] = {}

    def of(self, pair: Pair, party: Party) -> Morning:
        key = (party.zone, pair.quiet_hours_start, pair.quiet_hours_end)
        if key not in self._seen:
            at = next_morning(
                self.now,
                zone=party.zone,
                quiet_start=pair.quiet_hours_start,
                quiet_end=pair.quiet_hours_end,
            )
            self._seen[key] = Morning(at, at.astimezone(party.zone).date())
        return self._seen[key]


def ranked_conversations() -> Subquery:
    """Every conversation with its pair (`low`, `high` person ids) and `rank` 1 for the latest."""
    employee, partner = col(Conversation.employee_id), col(Conversation.partner_id)
    low = case((employee < partner, employee), else_=partner)
    high = case((employee < partner, partner), else_=employee)
    rank = func.row_number().over(
        partition_by=(low, high),
        order_by=(col(Conversation.held_on).desc(), col(Conversation.id).desc()),
    )
    return select_columns(
        col(Conversation.id).label("id"),
        employee.label("employee_id"),
        partner.label("partner_id"),
        col(Conversation.held_on).label("held_on"),
        col(Conversation.next_on).label("next_on"),
        col(Conversation.follow_up).label("follow_up"),
        col(Conversation.kind).label("kind"),
        low.label("low"),
        high.label("high"),
        rank.label("rank"),
    ).subquery("ranked")


def available(person: Any, today: date) -> ColumnElement[bool]:
    """Still here and not paused past today."""
    return (col(person.left_at).is_(None)) & or_(
        col(person.paused_until).is_(None), col(person.paused_until) <= today
    )


def party_columns(person: Any) -> tuple[Any, ...]:
    return col(person.id), col(person.slack_user_id), col(person.tz_override), col(person.tz)


def party_of(person_id: int, user_id: str, tz_override: str | None, tz: str | None) -> Party:
    return Party(person_id, user_id, zone_named(tz_override, tz))


def latest_conversations(
    *,
    session: Session,
    now: datetime,
    follow_ups_only: bool = False,
    next_between: tuple[date, date] | None = None,
) -> list[Latest]:
    """The latest conversation of every available pair; optionally only those with a follow-up
    rhythm, or only those whose next date falls `next_between` these two days."""
    today = now.date()
    ranked = ranked_conversations()
    employee, partner = aliased(Person), aliased(Person)
    pair_items = (
        select_columns(col(ActionItem.id))
        .join(Conversation, col(Conversation.id) == col(ActionItem.conversation_id))
        .where(
            col(ActionItem.done_at).is_(None),
            or_(
                col(ActionItem.owner_id) == ranked.c.employee_id,
                col(ActionItem.owner_id) == ranked.c.partner_id,
            ),
            or_(
                (col(Conversation.employee_id) == ranked.c.employee_id)
                & (col(Conversation.partner_id) == ranked.c.partner_id),
                (col(Conversation.employee_id) == ranked.c.partner_id)
                & (col(Conversation.partner_id) == ranked.c.employee_id),
            ),
        )
    )
    near_goals = select_columns(col(Goal.id)).where(
        col(Goal.person_id) == ranked.c.employee_id,
        col(Goal.status) == "active",
        col(Goal.target_on) <= today + HORIZON_AHEAD,
    )
    rows = session.execute(
        select_columns(
            ranked.c.id,
            ranked.c.held_on,
            ranked.c.next_on,
            ranked.c.follow_up,
            col(Workspace.id),
            col(Workspace.quiet_hours_start),
            col(Workspace.quiet_hours_end),
            *party_columns(employee),
            *party_columns(partner),
            or_(exists(pair_items), exists(near_goals)),
        )
        .join(employee, col(employee.id) == ranked.c.employee_id)
        .join(partner, col(partner.id) == ranked.c.partner_id)
        .join(Workspace, col(Workspace.id) == col(employee.workspace_id))
        .where(
            ranked.c.rank == 1,
            col(Workspace.uninstalled_at).is_(None),
            available(employee, today),
            available(partner, today),
            or_(
                ranked.c.kind != "manager",
                col(employee.manager_id).is_(None),
                col(employee.manager_id) == col(partner.id),
            ),
            ranked.c.follow_up != "none" if follow_ups_only else true(),
            ranked.c.next_on.between(*next_between) if next_between else true(),
        )
        .order_by(ranked.c.id)
    ).all()
    return [_latest(row) for row in rows]


def _latest(row: Any) -> Latest:
    conversation_id, held_on, next_on, follow_up, workspace_id, quiet_start, quiet_end = row[:7]
    return Latest(
        pair=Pair(
            workspace_id=workspace_id,
            employee=party_of(*row[7:11]),
            partner=party_of(*row[11:15]),
            quiet_hours_start=quiet_start,
            quiet_hours_end=quiet_end,
        ),
        conversation_id=conversation_id,
        held_on=held_on,
        next_on=next_on,
        follow_up=follow_up,
        has_open=bool(row[15]),
    )
