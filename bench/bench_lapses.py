"""Lapse planning at scale: 100,000 people and 400,000 conversations.

Measures `services.lapses.lapsed` (the planning half of the `lapses` job) against a baseline
taken in the same run on the same data: one bare aggregate query over the conversations
(`max(held_on)` per employee), the least work any planner must do. Also counts the SQL
statements planning issues, which must not grow with the number of people.

Everyone but the top manager reports to someone and has four conversations with them, each
recap with the next date the log fills in by default (90 days on). The last conversations are
spread evenly over `--spread` days before now: with the default 120 about a third of the
reports are lapsed; 300 makes it about seven in ten, a neglected organisation where planning
builds a reminder for most people.

    .venv/bin/python -m bench.bench_lapses [--database-url URL] [--people N] [--spread DAYS]
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import event, insert, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session

from bot.db import make_engine, session_scope
from bot.models import Conversation, Person
from bot.schema import upgrade
from bot.services.nudges.lapses import lapsed
from bot.services.workspaces.registry import ensure_workspace

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
CONVERSATIONS_PER_PERSON = 4
PEOPLE_PER_MANAGER = 10
CADENCE = timedelta(days=90)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="", help="default: a temporary SQLite file")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument(
        "--spread", type=int, default=120, help="last conversations 10 to 10+DAYS days ago"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.db"
        engine, cleanup = fresh(url)
        try:
            fill(engine, args.people, args.spread)
            _report(engine, args.people)
        finally:
            engine.dispose()
            cleanup()


def fresh(url: str) -> tuple[Engine, Callable[[], None]]:
    """A migrated, empty database: the SQLite file, or a new schema on Postgres."""
    if make_url(url).get_backend_name() == "sqlite":
        engine = make_engine(url)
        upgrade(engine)
        return engine, lambda: None
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    scoped = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    engine = make_engine(scoped.render_as_string(hide_password=False))
    upgrade(engine)

    def drop() -> None:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return engine, drop


def _manager_of(person: int, managers: int) -> int | None:
    """Person 1 is the top; people 2 to `managers` report to them; the rest to a manager."""
    if person == 1:
        return None
    return 1 if person <= managers else 1 + (person - 1) % managers


def fill(engine: Engine, people: int, spread: int) -> None:
    started = time.perf_counter()
    with session_scope(engine) as session:
        workspace_id = ensure_workspace(session=session, slack_team_id="TBENCH", now=NOW).id
    managers = max(1, people // PEOPLE_PER_MANAGER)
    joined = NOW - timedelta(days=800)
    conversations = 0
    with engine.begin() as connection:
        connection.execute(
            insert(Person),
            [
                {
                    "workspace_id": workspace_id,
                    "slack_user_id": f"U{person:09d}",
                    "joined_at": joined,
                    "is_admin": False,
                    "manager_id": _manager_of(person, managers),
                }
                for person in range(1, people + 1)
            ],
        )
        rows: list[dict[str, Any]] = []
        for person in range(2, people + 1):
            manager = _manager_of(person, managers)
            for k in range(CONVERSATIONS_PER_PERSON):
                held_on = (NOW - timedelta(days=10 + (person * 7) % spread + k * 120)).date()
                rows.append(
                    {
                        "workspace_id": workspace_id,
                        "employee_id": person,
                        "partner_id": manager,
                        "held_on": held_on,
                        "next_on": held_on + CADENCE,
                        "kind": "manager",
                        "shared_notes": "",
                        "follow_up": "none",
                        "logged_by_id": manager,
                        "created_at": NOW,
                        "updated_at": NOW,
                    }
                )
            if len(rows) >= 50_000:
                connection.execute(insert(Conversation), rows)
                conversations += len(rows)
                rows = []
        if rows:
            connection.execute(insert(Conversation), rows)
            conversations += len(rows)
    if engine.dialect.name == "postgresql":
        # What autovacuum does on a live database; without it every index-only scan
        # (the baseline's and the planner's) still reads the table for visibility.
        with engine.connect() as connection:
            autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
            autocommit.execute(text("VACUUM ANALYZE"))
    print(
        f"filled {people:,} people and {conversations:,} conversations, the last "
        f"10 to {10 + spread} days ago, in {time.perf_counter() - started:.1f} s "
        f"({engine.dialect.name})"
    )


def _report(engine: Engine, people: int) -> None:
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    baseline = best(lambda: _bare_aggregate(engine))
    event.listen(engine, "before_cursor_execute", count)
    planned: list[int] = []
    planning = best(lambda: planned.append(_plan(engine)))
    event.remove(engine, "before_cursor_execute", count)
    runs = max(1, len(planned))
    print(f"baseline: bare max(held_on) per employee ........ {baseline * 1000:8.1f} ms")
    print(
        f"lapsed(): plan every lapsed pair .................. {planning * 1000:8.1f} ms "
        f"({planning / baseline:.1f}x baseline)"
    )
    per_run = statements[: len(statements) // runs]
    kinds = ", ".join(statement.split(None, 1)[0].upper() for statement in per_run)
    print(
        f"lapsed pairs: {planned[-1]:,} of {people:,} people; "
        f"SQL statements per planning run: {len(per_run)} ({kinds})"
    )


def _bare_aggregate(engine: Engine) -> None:
    with engine.connect() as connection:
        connection.execute(
            text("SELECT employee_id, max(held_on) FROM conversation GROUP BY employee_id")
        ).all()


def _plan(engine: Engine) -> int:
    with Session(engine) as session:
        return len(lapsed(session=session, now=NOW))


def best(run: Callable[[], object], repeat: int = 5) -> float:
    fastest = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        fastest = min(fastest, time.perf_counter() - started)
    return fastest


if __name__ == "__main__":
    main()
