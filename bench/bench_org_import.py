"""`career-bot org import` at scale: 5,000 rows, each stage timed, against a baseline.

The database side first: the baseline, measured in the same run on a fresh database of the
same kind, is one bare INSERT (executemany) of the same number of person rows, the least work
any import must do; then apply everything in one transaction into an empty workspace, and a
second file (200 team changes, 10 people gone) over the first, each with its ratio to the
baseline and its SQL statements. Then, apart, the side bounded by Slack: parse and check the
CSV and match its emails to Slack accounts through the Slack fake (users.list, 200 members
a page).

    .venv/bin/python -m bench.bench_org_import [--database-url URL] [--rows N]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import event, insert
from sqlalchemy.engine import Engine

from bench.bench_dispatcher import fresh_database, settings_for
from bot.blocks.handover import question_message
from bot.db import session_scope
from bot.models import Person
from bot.services.org import import_apply, import_csv
from bot.services.workspaces.registry import ensure_workspace
from bot.slack.accounts import SlackUser
from bot.slack.client import make_client
from bot.slack.lookup import resolve
from tests.support.fakeslack import FakeSlack

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
T = TypeVar("T")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    parser.add_argument("--rows", type=int, default=5_000)
    args = parser.parse_args(argv)
    rows: int = args.rows
    with fresh_database(args.database_url) as engine:
        print(f"org import of {rows} rows on {engine.dialect.name}")
        print(" database (target: apply within 3x the baseline, statements not growing with rows)")
        workspace_id = _workspace(engine)
        baseline, statements = _counted(engine, lambda: _bare_insert(engine, workspace_id, rows))
        _line("baseline: one bare INSERT of the person rows", baseline, None, statements)
    with FakeSlack() as fake, fresh_database(args.database_url) as engine:
        for n in range(rows):
            fake.add_user(f"U1{n:08d}", email=f"person{n}@example.com", name=f"person{n}")
        _workspace(engine)
        parsed, errors = import_csv.parse_csv(_csv(range(rows)))
        assert not errors, errors[:3]
        users = {
            f"person{n}@example.com": SlackUser(user_id=f"U1{n:08d}", tz="Europe/Berlin")
            for n in range(rows)
        }
        report, (took, statements) = _apply(engine, parsed, users)
        _line(f"apply, empty workspace ({len(report.added)} added)", took, baseline, statements)
        moved = range(rows // 5, rows // 5 + rows // 25)  # 200 of 5,000
        second, _ = import_csv.parse_csv(_csv(range(rows - 10), changed=moved))
        report, (took, statements) = _apply(engine, second, users)
        changed = len(report.manager_changed) + len(report.team_changed)
        what = f"apply again ({changed} changed, {len(report.left)} left)"
        _line(what, took, baseline, statements)
        print(" the file and Slack (not in the ratio: Slack's rate limits bound this side)")
        _, took = _timed(lambda: import_csv.parse_csv(_csv(range(rows))))
        _line("parse and check the CSV", took)
        emails = import_csv.emails_to_resolve(parsed)
        _, took = _timed(lambda: resolve(make_client(settings_for(fake)), emails))
        pages, each = len(fake.calls_to("users.list")), len(fake.calls_to("users.lookupByEmail"))
        _line(f"match emails ({pages} users.list, {each} lookupByEmail; fake)", took)
        minutes = pages / 20 + each / 50  # Tier 2 and Tier 3
        print(f"  against Slack's rate limits (Tier 2 and 3) those calls take {minutes:.1f} min")


def _csv(people: range, *, changed: range = range(0)) -> str:
    """Person n reports to (n-1)//10 in team n%50; the `changed` people move to team Moved."""
    lines = ["email,manager_email,team"]
    for n in people:
        boss = f"person{(n - 1) // 10}@example.com" if n else ""
        team = "Moved" if n in changed else f"Team {n % 50}"
        lines.append(f"person{n}@example.com,{boss},{team}")
    return "\n".join(lines) + "\n"


def _apply(
    engine: Engine, rows: list[import_csv.Row], users: dict[str, SlackUser]
) -> tuple[import_apply.ImportReport, tuple[float, int]]:
    """Apply in one transaction; the report, and the time (commit included) and statements."""
    reports: list[import_apply.ImportReport] = []

    def work() -> None:
        with session_scope(engine) as session:
            workspace = ensure_workspace(session=session, slack_team_id="T0TEST0001", now=NOW)
            reports.append(
                import_apply.apply(
                    session=session,
                    workspace=workspace,
                    rows=rows,
                    users=users,
                    now=NOW,
                    ask=question_message,
                )
            )

    cost = _counted(engine, work)
    return reports[0], cost


def _counted(engine: Engine, work: Callable[[], None]) -> tuple[float, int]:
    """Seconds and SQL statements `work` took (an executemany counts once)."""
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append("")

    event.listen(engine, "before_cursor_execute", count)
    try:
        _, took = _timed(work)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return took, len(statements)


def _workspace(engine: Engine) -> int:
    with session_scope(engine) as session:
        workspace = ensure_workspace(session=session, slack_team_id="T0TEST0001", now=NOW)
        assert workspace.id is not None
        return workspace.id


def _bare_insert(engine: Engine, workspace_id: int, rows: int) -> None:
    values = [
        {
            "workspace_id": workspace_id,
            "slack_user_id": f"U1{n:08d}",
            "email": f"person{n}@example.com",
            "tz": "Europe/Berlin",
            "team_id": None,
            "manager_id": None,
            "manager_source": "csv",
            "is_admin": False,
            "joined_at": NOW,
        }
        for n in range(rows)
    ]
    with session_scope(engine) as session:
        session.execute(insert(Person), values)


def _timed(work: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = work()
    return result, time.perf_counter() - started


def _line(
    what: str, seconds: float, baseline: float | None = None, statements: int | None = None
) -> None:
    ratio = f"{seconds / baseline:5.1f}x" if baseline else " " * 6
    sql = f"  {statements} SQL statements" if statements is not None else ""
    print(f"  {what:<52} {seconds * 1000:8.0f} ms {ratio}{sql}")


if __name__ == "__main__":
    main()
