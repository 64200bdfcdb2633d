"""Reporting lines from a CSV (`email`, `manager_email`, `team`): the rows, checked whole.

Everything here is about the file before it touches the database: its shape, emails, loops
and self-managers, with or without managers from Slack profiles. `org_apply` writes it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from bot.slack.accounts import SlackUser

COLUMNS = ("email", "manager_email", "team")
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
class RowError:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}" if self.line else self.reason


def parse_csv(text: str) -> tuple[list[Row], list[RowError]]:
    """Rows and every problem a row has on its own (shape, emails, duplicates, loops)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        found = ", ".join(header) or "nothing"
        hint = ""
        if len(header) == 1 and ";" in header[0]:
            hint = "; the file uses semicolons: save it as CSV with commas (CSV UTF-8)"
        return [], [
            RowError(
                1,
                f"the header must name the columns {', '.join(COLUMNS)}; "
                f"missing {', '.join(missing)} (found {found}){hint}",
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
