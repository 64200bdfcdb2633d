"""Reporting lines from a CSV (`email`, `manager_email`, `team`): checked whole, applied whole."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import insert
from sqlmodel import Session, select

from bot.models import Person, Team, Workspace
from bot.services.handover import manager_changed

COLUMNS = ("email", "manager_email", "team")
_FROM_IMPORT = ("csv", "profile")  # manager_source of people an import brought in
MAX_TEAM_NAME = 120
_EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")


@dataclass(frozen=True)
class Row:
    line: int
    email: str
    manager_email: str | None
    team: str | None
    # "profile" when the manager came from the Slack profile field for a row without one.
    manager_source: str = "csv"


@dataclass(frozen=True)
class SlackUser:
    """What Slack told us about an email: the account, or why it cannot be used."""

    user_id: str | None = None
    tz: str | None = None
    problem: str | None = None


@dataclass(frozen=True)
class RowError:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}" if self.line else self.reason


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


def parse_csv(text: str) -> tuple[list[Row], list[RowError]]:
    """Rows and every problem a row has on its own (shape, emails, duplicates, loops)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        found = ", ".join(header) or "nothing"
        return [], [
            RowError(
                1,
                f"the header must name the columns {', '.join(COLUMNS)}; "
                f"missing {', '.join(missing)} (found {found})",
            )
        ]
    reader.fieldnames = header
    rows: list[Row] = []
    errors: list[RowError] = []
    first_line: dict[str, int] = {}
    line = 1
    for record in reader:
        line_no = line + 1
        line = reader.line_num
        if record.get(None):
            errors.append(RowError(line_no, "has more fields than the header"))
            continue
        values = {name: (record.get(name) or "").strip() for name in COLUMNS}
        if not any(values.values()):
            continue
        row = Row(
            line_no,
            values["email"].lower(),
            values["manager_email"].lower() or None,
            values["team"] or None,
        )
        problem = _row_problem(row)
        if problem is None and row.email in first_line:
            problem = f"{row.email} is already listed on line {first_line[row.email]}"
        if problem:
            errors.append(RowError(line_no, problem))
            continue
        first_line[row.email] = line_no
        rows.append(row)
    errors += _loops(rows)
    if not rows and not errors:
        errors.append(RowError(0, "the file has a header but no rows"))
    return rows, errors


def _row_problem(row: Row) -> str | None:
    if not row.email:
        return "email is empty"
    if not _EMAIL.match(row.email):
        return f"email {row.email!r} is not an email address"
    if row.manager_email and not _EMAIL.match(row.manager_email):
        return f"manager_email {row.manager_email!r} is not an email address"
    if row.manager_email == row.email:
        return f"{row.email} cannot be their own manager"
    if row.team and len(row.team) > MAX_TEAM_NAME:
        return f"team name is longer than {MAX_TEAM_NAME} characters"
    return None


def _loops(rows: list[Row]) -> list[RowError]:
    manager_of = {row.email: row.manager_email for row in rows}
    line_of = {row.email: row.line for row in rows}
    reported: set[str] = set()
    errors = []
    for start in manager_of:
        chain: list[str] = []
        current: str | None = start
        while current in manager_of and current not in chain:
            chain.append(current)
            current = manager_of[current]
        if current is None or current not in chain or current in reported:
            continue
        loop = chain[chain.index(current) :]
        reported.update(loop)
        names = " → ".join([*loop, current])
        errors.append(RowError(min(line_of[e] for e in loop), f"reporting lines loop: {names}"))
    return errors


def emails_to_resolve(rows: Iterable[Row]) -> list[str]:
    """Every email the import needs a Slack account for, in file order."""
    seen: dict[str, None] = {}
    for row in rows:
        seen[row.email] = None
        if row.manager_email:
            seen[row.manager_email] = None
    return list(seen)


def with_profile_managers(
    rows: list[Row], managers: Mapping[str, str]
) -> tuple[list[Row], list[RowError]]:
    """Fill rows that name no manager from the Slack profile field (email -> manager's email).

    The CSV wins: a row with a manager_email keeps it. The result is checked again for people
    managing themselves and for loops, which a profile can introduce as easily as a file.
    """
    merged = [
        replace(row, manager_email=managers[row.email], manager_source="profile")
        if row.manager_email is None and managers.get(row.email)
        else row
        for row in rows
    ]
    errors = []
    for row in merged:
        if row.manager_source == "profile" and row.manager_email == row.email:
            errors.append(
                RowError(
                    row.line,
                    f"{row.email} is their own manager in their Slack profile: fix the profile "
                    "or give the row a manager_email",
                )
            )
    loops = [
        RowError(e.line, f"{e.reason} (with managers from Slack profiles)") for e in _loops(merged)
    ]
    return merged, errors + loops


def resolution_errors(rows: list[Row], users: Mapping[str, SlackUser]) -> list[RowError]:
    """Rows whose person or manager Slack could not match to a usable account."""
    errors = []
    for row in rows:
        manager_role = "manager_email" if row.manager_source == "csv" else "profile manager"
        for role, email in (("email", row.email), (manager_role, row.manager_email)):
            user = users.get(email) if email else None
            if user is not None and user.problem:
                errors.append(RowError(row.line, f"{role} {email}: {user.problem}"))
    return errors


def apply(
    *,
    session: Session,
    workspace: Workspace,
    rows: list[Row],
    users: Mapping[str, SlackUser],
    now: datetime,
    mark_left: bool = True,
) -> ImportReport:
    """Write the reporting lines; the caller's transaction makes it all or nothing.

    With `mark_left`, people an earlier import brought in (manager_source csv/profile) who are
    nowhere in this file get `left_at`: the file is the whole organisation.
    """
    assert workspace.id is not None
    report = ImportReport()
    teams = _teams(session, workspace.id, {row.team for row in rows if row.team}, report)
    team_name = {team.id: name for name, team in teams.items()}
    people, report.added = _people(session, workspace.id, users, emails_to_resolve(rows), now)
    added = set(report.added)
    email_of = {p.id: p.email for p in people.values()}
    listed = set()
    for row in rows:
        person = people[_user_id(users, row.email)]
        manager = people[_user_id(users, row.manager_email)] if row.manager_email else None
        team = teams[row.team] if row.team else None
        listed.add(row.email)
        changes = ["added"] if row.email in added else []
        if person.left_at is not None:
            person.left_at = None
            report.returned.append(row.email)
            changes.append("back (was marked as left)")
        if person.manager_id != (manager.id if manager else None):
            before = email_of.get(person.manager_id) if person.manager_id else None
            old_manager_id = person.manager_id
            person.manager_id = manager.id if manager else None
            manager_changed(
                session=session,
                person=person,
                old_manager_id=old_manager_id,
                new_manager_id=person.manager_id,
                now=now,
            )
            if row.email not in added:
                report.manager_changed.append(row.email)
                source = " (Slack profile)" if row.manager_source == "profile" else ""
                changes.append(
                    f"manager {before or 'none'} → {row.manager_email or 'none'}{source}"
                )
        person.manager_source = row.manager_source
        if person.team_id != (team.id if team else None):
            before = team_name.get(person.team_id) if person.team_id else None
            person.team_id = team.id if team else None
            if row.email not in added:
                report.team_changed.append(row.email)
                changes.append(f"team {before or 'none'} → {row.team or 'none'}")
        if changes:
            report.rows.append(RowChange(row.line, row.email, tuple(changes)))
        else:
            report.unchanged.append(row.email)
        session.add(person)
    named_only = [e for e in emails_to_resolve(rows) if e not in listed]
    _managers_only(rows, {e: people[_user_id(users, e)] for e in named_only}, added, report)
    if mark_left:
        _mark_left(people, {_user_id(users, e) for e in emails_to_resolve(rows)}, now, report)
    report.rows.sort(key=lambda change: (change.line == 0, change.line))
    return report


def _people(
    session: Session,
    workspace_id: int,
    users: Mapping[str, SlackUser],
    emails: list[str],
    now: datetime,
) -> tuple[dict[str, Person], list[str]]:
    """Everyone in the workspace by Slack id, and the emails of those created just now.

    New people are created by one bulk INSERT ... RETURNING: building thousands of ORM
    objects one by one is what made large imports slow. Email and tz are kept current.
    """
    known = {
        p.slack_user_id: p
        for p in session.exec(select(Person).where(Person.workspace_id == workspace_id))
    }
    added, new_rows = [], []
    for email in emails:
        user = users[email]
        person = known.get(_user_id(users, email))
        if person is None:
            added.append(email)
            new_rows.append(
                {
                    "workspace_id": workspace_id,
                    "slack_user_id": user.user_id,
                    "email": email,
                    "tz": user.tz,
                    "is_admin": False,
                    "joined_at": now,
                }
            )
        elif (person.email, person.tz) != (email, user.tz or person.tz):
            person.email, person.tz = email, user.tz or person.tz
            session.add(person)
    session.flush()
    if new_rows:
        for person in session.scalars(insert(Person).returning(Person), new_rows):
            known[person.slack_user_id] = person
    return known, added


def _managers_only(
    rows: list[Row], people: Mapping[str, Person], added: set[str], report: ImportReport
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
    people: Mapping[str, Person], in_file: set[str], now: datetime, report: ImportReport
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
) -> dict[str, Team]:
    existing = {
        t.name: t for t in session.exec(select(Team).where(Team.workspace_id == workspace_id))
    }
    for name in sorted(names - existing.keys()):
        existing[name] = Team(workspace_id=workspace_id, name=name)
        session.add(existing[name])
        report.teams_created.append(name)
    session.flush()
    return existing
