"""A person's time zone and local day; zones read from Slack: who to ask again, and
remembering what Slack answered.

Slack's zone (`Person.tz`) decides when a person's messages arrive; `tz_override` (settings)
wins over it. The answer is kept for `REFRESH_AFTER`, so users.info is asked about each person
about once a month, not before every message.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

from sqlmodel import Session, and_, col, or_, select

from bot.models import Person, Workspace
from bot.timing import zone_named

REFRESH_AFTER = timedelta(days=30)
AWAY_RECHECK = timedelta(hours=12)  # someone away with no end date in their status
MAX_ZONE_NAME = 64  # Person.tz; IANA names are far shorter


def zone_of(person: Person, *, fallback: str | None = None) -> tzinfo:
    """The person's own time zone: their override, then Slack's, then `fallback`, else UTC."""
    return zone_named(person.tz_override, person.tz, fallback)


def local_today(person: Person, now: datetime) -> date:
    """What day it is where the person is (their "today" decides what is in the future)."""
    return now.astimezone(zone_of(person)).date()


def due_for_refresh(*, session: Session, now: datetime, limit: int) -> list[tuple[int, int, str]]:
    """Up to `limit` (person id, workspace id, Slack user id) with no zone yet, never asked,
    or whose answer from Slack is older than REFRESH_AFTER.

    Never-asked people first, then the oldest answers. A zone that came with the org import
    (itself read from Slack then) counts as known; `user_change` keeps every zone current
    anyway, so this refresh is the safety net for missed events. People who left, people of
    uninstalled workspaces and people with their own override (Slack's zone would not be
    used) are not asked. Also due: people whose status said away with no expiry, after
    AWAY_RECHECK (the same answer tells when they are back, `services.org.away`).
    """
    rows = session.exec(
        select(Person.id, Person.workspace_id, Person.slack_user_id)
        .join(Workspace, col(Workspace.id) == col(Person.workspace_id))
        .where(
            col(Person.left_at).is_(None),
            col(Workspace.uninstalled_at).is_(None),
            or_(
                and_(
                    col(Person.tz_override).is_(None),
                    or_(
                        and_(col(Person.tz).is_(None), col(Person.tz_fetched_at).is_(None)),
                        col(Person.tz_fetched_at) < now - REFRESH_AFTER,
                    ),
                ),
                # Away with no expiry: ask again, in case a user_change was missed.
                and_(
                    col(Person.away).is_(True),
                    col(Person.away_until).is_(None),
                    col(Person.away_seen_at) < now - AWAY_RECHECK,
                ),
            ),
        )
        .order_by(col(Person.tz_fetched_at).asc().nulls_first(), col(Person.id))
        .limit(limit)
    ).all()
    return [(person_id or 0, workspace_id, user) for person_id, workspace_id, user in rows]


def remember_zone(*, session: Session, person_id: int, tz: str | None, now: datetime) -> None:
    """Keep Slack's answer for a while: its zone name, or None when Slack knows no zone.

    A None answer (no such user, say) keeps whatever zone we had, e.g. from the CSV import.
    """
    person = session.get(Person, person_id)
    if person is None:
        return
    if tz and len(tz) <= MAX_ZONE_NAME:
        person.tz = tz
    person.tz_fetched_at = now
    session.add(person)


def zone_changed(
    *, session: Session, slack_team_id: str, slack_user_id: str, tz: str | None, now: datetime
) -> bool:
    """A known person changed their Slack zone (the `user_change` event); strangers are ignored."""
    person = session.exec(
        select(Person)
        .join(Workspace, col(Workspace.id) == col(Person.workspace_id))
        .where(Workspace.slack_team_id == slack_team_id, Person.slack_user_id == slack_user_id)
    ).first()
    if person is None or person.id is None:
        return False
    remember_zone(session=session, person_id=person.id, tz=tz, now=now)
    return True
