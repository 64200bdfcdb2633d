"""Applying checked reporting lines to the database, whole, and the report of what changed.

The rows come from `org_import`, already checked; this module only decides and reports, and
`import_rows` writes, in bulk statements whose number does not grow with the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlmodel import Session

from bot.models import Person, Workspace
from bot.services.org import import_rows
from bot.services.org.handover import manager_changed
from bot.services.org.import_csv import Row, emails_to_resolve
from bot.services.org.import_rows import Member
from bot.shapes.org import Ask
from bot.slack.accounts import SlackUser

_FROM_IMPORT = ("csv", "profile")  # manager_source of people an import brought in


@dataclass(frozen=True)
class RowChange:
    """What the import changed for one person: a row of the file, or someone it dropped."""

    line: int  # the row's line; for people no longer in the file, 0
    email: str
    changes: tuple[str, ...]

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "not in file"
        return f"{where}: {self.email}: {'; '.join(self.changes)}"


@dataclass
class ImportReport:
    """Emails by what happened to them, and one entry per person changed (file order)."""

    added: list[str] = field(default_factory=list)
    manager_changed: list[str] = field(default_factory=list)
    team_changed: list[str] = field(default_factory=list)
    returned: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    teams_created: list[str] = field(default_factory=list)
    rows: list[RowChange] = field(default_factory=list)


def apply(
    *,
    session: Session,
    workspace: Workspace,
    rows: list[Row],
    users: Mapping[str, SlackUser],
    now: datetime,
    ask: Ask,
    mark_left: bool = True,
) -> ImportReport:
    """Write the reporting lines; the caller's transaction makes it all or nothing.

    A changed manager owes the person a question (`handover`), in the words `ask` builds.

    With `mark_left`, people an earlier import brought in (manager_source csv/profile) who are
    nowhere in this file get `left_at`: the file is the whole organisation.
    """
    assert workspace.id is not None
    report = ImportReport()
    teams = _teams(session, workspace.id, {row.team for row in rows if row.team}, report)
    team_name = {team_id: name for name, team_id in teams.items()}
    emails = emails_to_resolve(rows)
    people, before, report.added = _people(session, workspace.id, users, emails)
    added = set(report.added)
    email_of = {p.id: p.email for p in people.values()}
    asked: list[tuple[int, int | None, int | None]] = []  # (person, old, new manager)
    listed = set()
    for row in rows:
        person = people[_user_id(users, row.email)]
        manager = people[_user_id(users, row.manager_email)] if row.manager_email else None
        team_id = teams[row.team] if row.team else None
        listed.add(row.email)
        changes = ["added"] if row.email in added else []
        if person.left_at is not None:
            person.left_at = None
            report.returned.append(row.email)
            changes.append("back (was marked as left)")
        if person.manager_id != (manager.id if manager else None):
            before_email = email_of.get(person.manager_id) if person.manager_id else None
            if row.email not in added:  # a new person has no earlier manager to hand over
                asked.append((person.id, person.manager_id, manager.id if manager else None))
            person.manager_id = manager.id if manager else None
            if row.email not in added:
                report.manager_changed.append(row.email)
                source = " (Slack profile)" if row.manager_source == "profile" else ""
                changes.append(
                    f"manager {before_email or 'none'} → {row.manager_email or 'none'}{source}"
                )
        person.manager_source = row.manager_source
        if person.team_id != team_id:
            before_team = team_name.get(person.team_id) if person.team_id else None
            person.team_id = team_id
            if row.email not in added:
                report.team_changed.append(row.email)
                changes.append(f"team {before_team or 'none'} → {row.team or 'none'}")
        if changes:
            report.rows.append(RowChange(row.line, row.email, tuple(changes)))
        else:
            report.unchanged.append(row.email)
    named_only = [e for e in emails if e not in listed]
    _managers_only(rows, {e: people[_user_id(users, e)] for e in named_only}, added, report)
    if mark_left:
        _mark_left(people, {_user_id(users, e) for e in emails}, now, report)
    new = [people[_user_id(users, email)] for email in report.added]
    import_rows.add_people(session, workspace.id, new, now)
    import_rows.write_changes(session, before, people.values())
    for person_id, old_manager_id, new_manager_id in asked:
        changed = session.get(Person, person_id)
        assert changed is not None
        manager_changed(
            session=session,
            person=changed,
            old_manager_id=old_manager_id,
            new_manager_id=new_manager_id,
            now=now,
            ask=ask,
        )
    report.rows.sort(key=lambda change: (change.line == 0, change.line))
    return report


def _people(
    session: Session,
    workspace_id: int,
    users: Mapping[str, SlackUser],
    emails: list[str],
) -> tuple[dict[str, Member], dict[int, Member], list[str]]:
    """Everyone in the workspace by Slack id, the existing ones as read (by id), and the emails
    of the new ones, who get their ids now and are inserted once all is decided.

    Email and tz are kept current.
    """
    known = import_rows.members(session, workspace_id)
    before = {member.id: replace(member) for member in known.values()}
    added = [email for email in emails if _user_id(users, email) not in known]
    for email, member_id in zip(added, import_rows.new_ids(session, len(added)), strict=True):
        user_id = _user_id(users, email)
        known[user_id] = Member(member_id, user_id, email, users[email].tz, *(None,) * 4)
    for email in emails:
        person = known[_user_id(users, email)]
        person.email, person.tz = email, users[email].tz or person.tz
    return known, before, added


def _managers_only(
    rows: list[Row], people: Mapping[str, Member], added: set[str], report: ImportReport
) -> None:
    """People a row names as manager who have no row themselves: new, or back after leaving."""
    seen: set[str] = set()
    for row in rows:
        email = row.manager_email
        person = people.get(email) if email else None
        if email is None or person is None or email in seen:
            continue
        seen.add(email)
        if email in added:
            report.rows.append(RowChange(row.line, email, ("added (named only as a manager)",)))
        elif person.left_at is not None:
            person.left_at = None
            report.returned.append(email)
            report.rows.append(RowChange(row.line, email, ("back (named as a manager)",)))


def _mark_left(
    people: Mapping[str, Member], in_file: set[str], now: datetime, report: ImportReport
) -> None:
    gone = [
        p
        for p in people.values()
        if p.manager_source in _FROM_IMPORT and p.left_at is None and p.slack_user_id not in in_file
    ]
    for person in sorted(gone, key=lambda p: p.email or p.slack_user_id):
        person.left_at = now
        email = person.email or person.slack_user_id
        report.left.append(email)
        report.rows.append(RowChange(0, email, ("left (no longer in the file)",)))


def _user_id(users: Mapping[str, SlackUser], email: str) -> str:
    user_id = users[email].user_id
    assert user_id is not None
    return user_id


def _teams(
    session: Session, workspace_id: int, names: set[str], report: ImportReport
) -> dict[str, int]:
    existing = import_rows.teams(session, workspace_id)
    report.teams_created = sorted(names - existing.keys())
    return {**existing, **import_rows.add_teams(session, workspace_id, report.teams_created)}
