"""The org import's SQL: a constant number of bulk statements per import, never one per person.

Everyone in the workspace is read once as plain rows (not ORM objects), new teams and people
are created by one INSERT each (people with ids reserved first, so a new person's new manager
is in the same INSERT), and every change is written by one executemany
`UPDATE` per kind of change. 5,000 people cost about what one bare INSERT of them costs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import bindparam, func, insert, select, text, update
from sqlmodel import Session

from bot.models import Person, Team

_person = Person.__table__  # type: ignore[attr-defined]
_team = Team.__table__  # type: ignore[attr-defined]


@dataclass
class Member:
    """One person of the workspace as the import reads and changes it."""

    id: int
    slack_user_id: str
    email: str | None
    tz: str | None
    manager_id: int | None
    team_id: int | None
    manager_source: str | None
    left_at: datetime | None


_COLUMNS = [field.name for field in fields(Member)]
_CHANGEABLE = _COLUMNS[2:]  # everything but the id and the Slack id


def teams(session: Session, workspace_id: int) -> dict[str, int]:
    """Team name -> id, for the workspace."""
    query = select(_team.c.name, _team.c.id).where(_team.c.workspace_id == workspace_id)
    return {name: team_id for name, team_id in session.execute(query)}


def add_teams(session: Session, workspace_id: int, names: list[str]) -> dict[str, int]:
    """Create the teams named, in one statement; name -> id."""
    if not names:
        return {}
    created = session.execute(
        insert(_team).returning(_team.c.name, _team.c.id),
        [{"workspace_id": workspace_id, "name": name} for name in names],
    )
    return {name: team_id for name, team_id in created}


def members(session: Session, workspace_id: int) -> dict[str, Member]:
    """Everyone in the workspace by Slack id, as plain rows."""
    query = select(*(_person.c[name] for name in _COLUMNS)).where(
        _person.c.workspace_id == workspace_id
    )
    return {row.slack_user_id: Member(*row) for row in session.execute(query)}


def new_ids(session: Session, count: int) -> list[int]:
    """Ids for `count` new people, taken before they are inserted, so that one INSERT can
    carry every new person's manager (who may be new too)."""
    if count == 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        reserved = session.execute(
            text(
                "SELECT nextval(pg_get_serial_sequence('person', 'id')) FROM generate_series(1, :n)"
            ),
            {"n": count},
        )
        return [int(value) for (value,) in reserved]
    # SQLite gives a new row max(rowid) + 1 itself; the import holds the write lock (BEGIN
    # IMMEDIATE), so nobody else can take these ids before the INSERT.
    (highest,) = session.execute(select(func.coalesce(func.max(_person.c.id), 0))).one()
    return list(range(int(highest) + 1, int(highest) + 1 + count))


def add_people(session: Session, workspace_id: int, new: Iterable[Member], now: datetime) -> None:
    """Insert the new people, ids included, in one executemany INSERT; managers come first,
    so each row's manager exists when the row is checked."""
    values = [
        {
            **{name: getattr(member, name) for name in _COLUMNS},
            "workspace_id": workspace_id,
            "is_admin": False,
            "joined_at": now,
        }
        for member in _managers_first(new)
    ]
    if values:
        session.connection().execute(insert(_person), values)


def _managers_first(new: Iterable[Member]) -> list[Member]:
    """The new people ordered by their depth below the existing ones (the file has no loops)."""
    by_id = {member.id: member for member in new}
    depth: dict[int, int] = {}
    for member in by_id.values():
        chain = []
        while member.id not in depth:
            chain.append(member)
            manager = by_id.get(member.manager_id) if member.manager_id else None
            if manager is None:
                break
            member = manager
        base = depth.get(member.id, -1)
        for level, climbed in enumerate(reversed(chain), start=base + 1):
            depth[climbed.id] = level
    return sorted(by_id.values(), key=lambda member: depth[member.id])


def write_changes(session: Session, before: Mapping[int, Member], after: Iterable[Member]) -> int:
    """Write every member of `before` whose columns changed, in one executemany UPDATE."""
    changed = [
        {"member_id": member.id, **{f"new_{name}": getattr(member, name) for name in _CHANGEABLE}}
        for member in after
        if member.id in before and member != before[member.id]
    ]
    if changed:
        statement = (
            update(_person)
            .where(_person.c.id == bindparam("member_id"))
            .values({name: bindparam(f"new_{name}") for name in _CHANGEABLE})
        )
        session.connection().execute(statement, changed)
    return len(changed)
