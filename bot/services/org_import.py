"""Reporting lines from a CSV (`email`, `manager_email`, `team`): checked whole, applied whole."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, select

from bot.models import Person, Team, Workspace

COLUMNS = ("email", "manager_email", "team")
MAX_TEAM_NAME = 120
_EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")


@dataclass(frozen=True)
class Row:
    line: int
    email: str
    manager_email: str | None
    team: str | None


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


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    manager_changed: list[str] = field(default_factory=list)
    team_changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    teams_created: list[str] = field(default_factory=list)


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


def resolution_errors(rows: list[Row], users: Mapping[str, SlackUser]) -> list[RowError]:
    """Rows whose person or manager Slack could not match to a usable account."""
    errors = []
    for row in rows:
        for role, email in (("email", row.email), ("manager_email", row.manager_email)):
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
) -> ImportReport:
    """Write the reporting lines; the caller's transaction makes it all or nothing."""
    assert workspace.id is not None
    report = ImportReport()
    teams = _teams(session, workspace.id, {row.team for row in rows if row.team}, report)
    people = {
        p.slack_user_id: p
        for p in session.exec(select(Person).where(Person.workspace_id == workspace.id))
    }
    for email in emails_to_resolve(rows):
        user = users[email]
        assert user.user_id is not None
        person = people.get(user.user_id)
        if person is None:
            person = Person(workspace_id=workspace.id, slack_user_id=user.user_id, joined_at=now)
            people[user.user_id] = person
            report.added.append(email)
        person.email, person.tz = email, user.tz or person.tz
        session.add(person)
    session.flush()
    for row in rows:
        person = people[_user_id(users, row.email)]
        manager = people[_user_id(users, row.manager_email)] if row.manager_email else None
        team = teams[row.team] if row.team else None
        changed = False
        if person.manager_id != (manager.id if manager else None):
            person.manager_id = manager.id if manager else None
            if row.email not in report.added:
                report.manager_changed.append(row.email)
            changed = True
        person.manager_source = "csv"
        if person.team_id != (team.id if team else None):
            person.team_id = team.id if team else None
            if row.email not in report.added:
                report.team_changed.append(row.email)
            changed = True
        if not changed and row.email not in report.added:
            report.unchanged.append(row.email)
        session.add(person)
    return report


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
