"""The weekly nudge cap: nobody gets more nudges a week than their workspace allows (PRODUCT §4).

Planners owe what they like; the dispatcher's claim applies the cap, so no planner can get
around it. A nudge over the cap is not dropped: it waits for the recipient's next Monday
morning. Weeks are the recipient's own ISO weeks (their time zone from `person`, else UTC).

What counts towards the week: nudges sent this week, nudges being sent right now (leased, by
any dispatcher or by a request) and nudges whose send may have arrived (unconfirmed).

Racing dispatchers: on Postgres a claim holding nudges first locks their workspaces' rows
(`FOR NO KEY UPDATE`, in id order), so two claims for one workspace's nudges count one after
the other, and the second sees what the first leased; on SQLite `BEGIN IMMEDIATE` already
serialises claims. So the cap holds with any number of dispatchers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo

from sqlalchemy import and_, or_
from sqlmodel import Session, col, select

from bot.models import Delivery, Person, Workspace
from bot.timing import next_morning, zone_named

NUDGE_KINDS = ("lapse", "nudge", "followup", "prep-reminder")
COUNTED_STATES = ("sent", "leased", "pending", "unknown")


@dataclass(frozen=True)
class Due:
    """A row the claim is about to lease."""

    id: int
    workspace_id: int
    recipient: str
    kind: str
    send_started_at: datetime | None
    period_key: str = ""


def over_cap(*, session: Session, due: Sequence[Due], now: datetime) -> dict[int, datetime]:
    """The nudges among `due` that would break the weekly cap, each with when it may go.

    Runs inside the claim's transaction; `due` in the order the claim would send them.
    """
    nudges = [row for row in due if row.kind in NUDGE_KINDS]
    if not nudges:
        return {}
    workspaces = _lock_workspaces(session, {row.workspace_id for row in nudges})
    zones = zones_of(session, nudges)
    week_of = {key: _week_start(now, zone) for key, zone in zones.items()}
    counted = _counted_this_week(session, nudges, week_of, exclude={row.id for row in due})
    held: dict[int, datetime] = {}
    for row in nudges:
        key = (row.workspace_id, row.recipient)
        workspace = workspaces[row.workspace_id]
        if row.send_started_at is not None:  # may be posted already: it counts, never waits
            counted[key] += 1
        elif counted[key] >= workspace.weekly_nudge_cap:
            held[row.id] = next_morning(
                week_of[key] + timedelta(days=7),
                zone=zones[key],
                quiet_start=workspace.quiet_hours_start,
                quiet_end=workspace.quiet_hours_end,
            )
        else:
            counted[key] += 1
    return held


def _lock_workspaces(session: Session, ids: set[int]) -> dict[int, Workspace]:
    rows = session.exec(
        select(Workspace)
        .where(col(Workspace.id).in_(ids))
        .order_by(col(Workspace.id))
        .with_for_update(key_share=True)  # FOR NO KEY UPDATE: enqueues (FK checks) still pass
    ).all()
    return {row.id or 0: row for row in rows}


def zones_of(session: Session, nudges: Sequence[Due]) -> dict[tuple[int, str], tzinfo]:
    """Each (workspace, recipient)'s time zone: their override, else Slack's, else UTC."""
    keys = {(row.workspace_id, row.recipient) for row in nudges}
    people = session.exec(
        select(Person.workspace_id, Person.slack_user_id, Person.tz_override, Person.tz).where(
            col(Person.workspace_id).in_({w for w, _ in keys}),
            col(Person.slack_user_id).in_({r for _, r in keys}),
        )
    ).all()
    named = {(w, user): (override, tz) for w, user, override, tz in people}
    return {key: zone_named(*named.get(key, (None, None))) for key in keys}


def _week_start(now: datetime, zone: tzinfo) -> datetime:
    """Monday 00:00 of the ISO week `now` falls in, where the recipient is."""
    local = now.astimezone(zone)
    monday = local.date() - timedelta(days=local.weekday())
    return datetime.combine(monday, time(0), tzinfo=zone)


def _counted_this_week(
    session: Session,
    nudges: Sequence[Due],
    week_of: dict[tuple[int, str], datetime],
    *,
    exclude: set[int],
) -> defaultdict[tuple[int, str], int]:
    earliest = min(week_of.values())
    rows = session.exec(
        select(Delivery).where(
            col(Delivery.kind).in_(NUDGE_KINDS),
            col(Delivery.workspace_id).in_({row.workspace_id for row in nudges}),
            col(Delivery.recipient).in_({row.recipient for row in nudges}),
            col(Delivery.id).not_in(exclude),
            or_(
                and_(col(Delivery.state) == "sent", col(Delivery.sent_at) >= earliest),
                col(Delivery.state) == "leased",
                col(Delivery.send_started_at) >= earliest,
            ),
        )
    ).all()
    counted: defaultdict[tuple[int, str], int] = defaultdict(int)
    for row in rows:
        start = week_of.get((row.workspace_id, row.recipient))
        if start is not None and _this_week(row, start):
            counted[(row.workspace_id, row.recipient)] += 1
    return counted


def _this_week(row: Delivery, start: datetime) -> bool:
    if row.state == "sent":
        return row.sent_at is not None and row.sent_at >= start
    if row.state == "leased":  # a dispatcher's live lease (requests send through it too)
        return row.lease_until is not None or row.not_before >= start
    # pending or unknown after a send that may have arrived
    return row.state in COUNTED_STATES and bool(
        row.send_started_at and row.send_started_at >= start
    )
