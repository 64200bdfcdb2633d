"""Working hours at send time: a nudge or digest goes out on a working day, outside quiet hours.

Planners aim every nudge at a working morning, but a row can still fall due late: after
downtime, behind a backlog or a 429. So the claim looks again when it sends (PRODUCT §4), and a
row whose recipient is now in quiet hours or at a weekend waits for their next working morning
(`next_morning`: 09:00 local, or the end of quiet hours). A nudge's clock is its recipient's;
a digest goes to a channel, so its clock is the team lead's.

Checked: nudge kinds (lapse reminders, Home nudges, follow-ups, prep reminders), digests, the
lead's list of lapsed pairs and handover questions. Not checked: what answers someone's own
action right then (the recap of a conversation just logged or edited, the agenda after
finishing prep, the guide): those are sent at once, since the person is at work when they click.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from sqlmodel import Session, col, select

from bot.models import Person, Team, Workspace
from bot.outbox.cap import NUDGE_KINDS, Due, zones_of
from bot.timing import at_work, next_morning, zone_named

DIGEST_KIND = "digest"
DIGEST_LEAD_KIND = "digest-lead"  # the lapsed pairs' names, to the team lead's DM
HANDOVER_KINDS = ("handover", "handover-intro")
CHECKED_KINDS = frozenset((*NUDGE_KINDS, *HANDOVER_KINDS, DIGEST_KIND, DIGEST_LEAD_KIND))
QUIET = "outside the recipient's working hours: waits for their next working morning"


def outside_hours(*, session: Session, due: Sequence[Due], now: datetime) -> dict[int, datetime]:
    """The rows among `due` whose recipient is off work now, each with their next morning."""
    checked = [row for row in due if row.kind in CHECKED_KINDS]
    if not checked:
        return {}
    hours = quiet_hours(session, {row.workspace_id for row in checked})
    people = zones_of(session, [row for row in checked if row.kind != DIGEST_KIND])
    leads = _lead_zones(session, [row for row in checked if row.kind == DIGEST_KIND])
    held: dict[int, datetime] = {}
    for row in checked:
        key = (row.workspace_id, row.recipient)
        zone = leads.get(row.id) if row.kind == DIGEST_KIND else people.get(key)
        start, end = hours[row.workspace_id]
        if zone is not None and not at_work(now, zone=zone, quiet_start=start, quiet_end=end):
            held[row.id] = next_morning(now, zone=zone, quiet_start=start, quiet_end=end)
    return held


def quiet_hours(session: Session, ids: set[int]) -> dict[int, tuple[int, int]]:
    """Each workspace's quiet hours (start, end), by workspace id."""
    rows = session.exec(
        select(Workspace.id, Workspace.quiet_hours_start, Workspace.quiet_hours_end).where(
            col(Workspace.id).in_(ids)
        )
    ).all()
    return {row_id or 0: (start, end) for row_id, start, end in rows}


def _lead_zones(session: Session, digests: Sequence[Due]) -> dict[int, tzinfo]:
    """Each digest row's lead's zone; the team is the first part of its period key."""
    team_of = {row.id: _team_id(row.period_key) for row in digests}
    wanted = {team for team in team_of.values() if team is not None}
    if not wanted:
        return {}
    rows = session.exec(
        select(Team.id, Person.tz_override, Person.tz)
        .join(Person, col(Person.id) == col(Team.lead_id))
        .where(col(Team.id).in_(wanted))
    ).all()
    zones = {team_id: zone_named(override, tz) for team_id, override, tz in rows}
    return {
        row_id: zones[team]
        for row_id, team in team_of.items()
        if team is not None and team in zones
    }


def _team_id(period_key: str) -> int | None:
    head = period_key.partition(":")[0]
    return int(head) if head.isdigit() else None
