"""Lapse planning at scale: 100,000 people and 400,000 conversations.

Measures `services.lapses.lapsed` (the planning half of the `lapses` job) against a baseline
taken in the same run on the same data: one bare aggregate query over the conversations
(`max(held_on)` per employee), the least work any planner must do. Also counts the SQL
statements planning issues, which must not grow with the number of people.

    .venv/bin/python -m bench.bench_lapses [--database-url URL] [--people N]
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
from bot.services.lapses import lapsed
from bot.services.workspaces import ensure_workspace

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
CONVERSATIONS_PER_PERSON = 4
PEOPLE_PER_MANAGER = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="", help="default: a temporary SQLite file")
    parser.add_argument("--people", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.db"
        engine, cleanup = _fresh(url)
        try:
            _fill(engine, args.people)
            _report(engine, args.people)
        finally:
            engine.dispose()
            cleanup()


def _fresh(url: str) -> tuple[Engine, Callable[[], None]]:
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


def _fill(engine: Engine, people: int) -> None:
    started = time.perf_counter()
    with session_scope(engine) as session:
        workspace_id = ensure_workspace(session=session, slack_team_id="TBENCH", now=NOW).id
    managers = max(1, people // PEOPLE_PER_MANAGER)
    joined = NOW - timedelta(days=800)
    with engine.begin() as connection:
        connection.execute(
            insert(Person),
            [
                {
                    "workspace_id": workspace_id,
                    "slack_user_id": f"U{i:09d}",
                    "joined_at": joined,
                    "is_admin": False,
                    "manager_id": None if i < managers else 1 + i % managers,
                }
                for i in range(people)
            ],
        )
        # Four conversations each, the last 10 to 300 days ago: about a third are lapsed.
        rows: list[dict[str, Any]] = []
        for person in range(managers + 1, people + 1):
            manager = 1 + (person - 1) % managers
            for k in range(CONVERSATIONS_PER_PERSON):
                days_ago = 10 + (person * 7) % 290 + k * 120
                rows.append(
                    {
                        "workspace_id": workspace_id,
                        "employee_id": person,
                        "partner_id": manager,
                        "held_on": (NOW - timedelta(days=days_ago)).date(),
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
                rows = []
        if rows:
            connection.execute(insert(Conversation), rows)
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
    print(
        f"filled {people:,} people and about {people * CONVERSATIONS_PER_PERSON:,} "
        f"conversations in {time.perf_counter() - started:.1f} s ({engine.dialect.name})"
    )


def _report(engine: Engine, people: int) -> None:
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    baseline = _best(lambda: _bare_aggregate(engine))
    event.listen(engine, "before_cursor_execute", count)
    planned: list[int] = []
    planning = _best(lambda: planned.append(_plan(engine)))
    event.remove(engine, "before_cursor_execute", count)
    runs = max(1, len(planned))
    print(f"baseline: bare max(held_on) per employee ........ {baseline * 1000:8.1f} ms")
    print(
        f"lapsed(): plan every lapsed pair .................. {planning * 1000:8.1f} ms "
        f"({planning / baseline:.1f}x baseline)"
    )
    print(
        f"lapsed pairs: {planned[-1]:,} of {people:,} people; "
        f"SQL statements per planning run: {len(statements) // runs}"
    )


def _bare_aggregate(engine: Engine) -> None:
    with engine.connect() as connection:
        connection.execute(
            text("SELECT employee_id, max(held_on) FROM conversation GROUP BY employee_id")
        ).all()


def _plan(engine: Engine) -> int:
    with Session(engine) as session:
        return len(lapsed(session=session, now=NOW))


def _best(run: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


if __name__ == "__main__":
    main()
