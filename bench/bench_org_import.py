"""`career-bot org import` at scale: 5,000 rows, each stage timed, against a baseline.

Stages, in the order the CLI runs them: parse and check the CSV; match its emails to Slack
accounts through the Slack fake (users.list, 200 members a page); apply everything in one
transaction into an empty workspace; apply a second file (200 changes, 10 people gone) over
the first. The baseline, measured in the same run on the same database, is one bare
INSERT (executemany) of the same number of person rows: the least work any import must do.

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    parser.add_argument("--rows", type=int, default=5_000)
    args = parser.parse_args()
    rows: int = args.rows
    with FakeSlack() as fake, fresh_database(args.database_url) as engine:
        for n in range(rows):
            fake.add_user(f"U1{n:08d}", email=f"person{n}@example.com", name=f"person{n}")
        print(f"org import of {rows} rows on {engine.dialect.name}")
        (parsed, errors), took = _timed(lambda: import_csv.parse_csv(_csv(range(rows))))
        assert not errors, errors[:3]
        _line("parse and check the CSV", took)
        emails = import_csv.emails_to_resolve(parsed)
        users, took = _timed(lambda: resolve(make_client(settings_for(fake)), emails))
        _line(f"match emails ({len(fake.calls_to('users.list'))} users.list pages)", took)
        report, took, statements = _apply(engine, parsed, users)
        _line(f"apply, empty workspace ({len(report.added)} added)", took, statements)
        second, _ = import_csv.parse_csv(_csv(range(rows - 10), changed=range(1000, 1200)))
        report, took, statements = _apply(engine, second, users)
        changed = len(report.manager_changed) + len(report.team_changed)
        _line(f"apply again ({changed} changed, {len(report.left)} left)", took, statements)
    with fresh_database(args.database_url) as engine:
        _, took = _timed(lambda: _bare_insert(engine, rows))
        _line("baseline: one bare INSERT of the person rows", took)


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
) -> tuple[import_apply.ImportReport, float, int]:
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append("")

    event.listen(engine, "before_cursor_execute", count)
    try:
        with session_scope(engine) as session:
            workspace = ensure_workspace(session=session, slack_team_id="T0TEST0001", now=NOW)
            report, took = _timed(
                lambda: import_apply.apply(
                    session=session,
                    workspace=workspace,
                    rows=rows,
                    users=users,
                    now=NOW,
                    ask=question_message,
                )
            )
            started = time.perf_counter()
        took += time.perf_counter() - started  # the commit is part of the cost
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return report, took, len(statements)


def _bare_insert(engine: Engine, rows: int) -> None:
    with session_scope(engine) as session:
        workspace = ensure_workspace(session=session, slack_team_id="T0TEST0001", now=NOW)
        values = [
            {
                "workspace_id": workspace.id,
                "slack_user_id": f"U1{n:08d}",
                "email": f"person{n}@example.com",
                "is_admin": False,
                "joined_at": NOW,
            }
            for n in range(rows)
        ]
        session.execute(insert(Person), values)


def _timed(work: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = work()
    return result, time.perf_counter() - started


def _line(what: str, seconds: float, statements: int | None = None) -> None:
    sql = f"  ({statements} SQL statements)" if statements is not None else ""
    print(f"  {what:<52} {seconds * 1000:8.0f} ms{sql}")


if __name__ == "__main__":
    main()
