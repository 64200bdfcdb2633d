"""Out of office at send time: a nudge to someone whose Slack status says they are away waits.

What counts as away is judged when the status is read (`bot.services.org.away`), and only the
verdict is kept: `Person.away`, and `Person.away_until` when the status expires. The claim
looks at it when it sends, like working hours, so a nudge planned before the status was set is
held too. A held row goes at the first working morning after the expiry; with no expiry it is
looked at again each working morning until the status clears. A status that clears or expires
sooner brings held rows forward to the next working morning (`bring_forward`).

Held: nudge kinds (lapse reminders, a manager's nudge, follow-ups, prep reminders). Never held:
recaps and everything else that answers someone's own action, digests to channels, and the
lead's list of lapsed pairs (the channel digest's private half; held, a two-week holiday would
leave two stale lists to read on return).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, col, select, update

from bot.models import Delivery, Person, Workspace
from bot.outbox.cap import NUDGE_KINDS, Due, zones_of
from bot.outbox.hours import quiet_hours
from bot.timing import next_morning

AWAY_KINDS = frozenset(NUDGE_KINDS)
AWAY = "the recipient's Slack status says they are away: waits for their first working morning back"
_LATER = timedelta(seconds=1)  # a re-check is the next morning, never this one again


def is_away(away: bool, away_until: datetime | None, *, now: datetime) -> bool:
    """Whether a person with this stored verdict is away at `now`."""
    return away and (away_until is None or _aware(away_until) > now)


def away_holds(*, session: Session, due: Sequence[Due], now: datetime) -> dict[int, datetime]:
    """The nudges among `due` whose recipient is away now, each with when to look again."""
    nudges = [row for row in due if row.kind in AWAY_KINDS]
    if not nudges:
        return {}
    people = session.exec(
        select(Person.workspace_id, Person.slack_user_id, Person.away_until).where(
            col(Person.away).is_(True),
            col(Person.workspace_id).in_({row.workspace_id for row in nudges}),
            col(Person.slack_user_id).in_({row.recipient for row in nudges}),
        )
    ).all()
    away = {
        (workspace_id, user): until
        for workspace_id, user, until in people
        if is_away(True, until, now=now)
    }
    held_rows = [row for row in nudges if (row.workspace_id, row.recipient) in away]
    if not held_rows:
        return {}
    zones = zones_of(session, held_rows)
    hours = quiet_hours(session, {row.workspace_id for row in held_rows})
    held: dict[int, datetime] = {}
    for row in held_rows:
        key = (row.workspace_id, row.recipient)
        until = away[key]
        start, end = hours[row.workspace_id]
        back = _aware(until) if until is not None else now + _LATER
        held[row.id] = next_morning(back, zone=zones[key], quiet_start=start, quiet_end=end)
    return held


def bring_forward(*, session: Session, person: Person, now: datetime) -> int:
    """After a status change: rows held for `person` being away that may go sooner now.

    Not away any more: the next working morning; away until a known time: the first working
    morning after it. Away with no expiry moves nothing (the rows are looked at each morning).
    Returns how many rows moved.
    """
    if person.away and person.away_until is None:
        return 0
    workspace = session.get(Workspace, person.workspace_id)
    if workspace is None:
        return 0
    due = Due(0, person.workspace_id, person.slack_user_id, "lapse", None)
    zone = zones_of(session, [due])[(person.workspace_id, person.slack_user_id)]
    back = now
    if person.away_until is not None and is_away(person.away, person.away_until, now=now):
        back = _aware(person.away_until)
    morning = next_morning(
        back,
        zone=zone,
        quiet_start=workspace.quiet_hours_start,
        quiet_end=workspace.quiet_hours_end,
    )
    moved = session.exec(
        update(Delivery)
        .where(
            col(Delivery.workspace_id) == person.workspace_id,
            col(Delivery.recipient) == person.slack_user_id,
            col(Delivery.kind).in_(AWAY_KINDS),
            col(Delivery.state) == "pending",
            col(Delivery.last_error) == AWAY,
            col(Delivery.not_before) > morning,
        )
        .values(not_before=morning)
        .execution_options(synchronize_session=False)
    ).rowcount
    return int(moved)


def _aware(at: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)
