"""Two org imports at once into one workspace: the ids each reserves for its new people never
collide (Postgres sequences; SQLite's write lock), and both files are applied whole."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from sqlalchemy.engine import Engine

from bot.blocks.handover import question_message
from bot.db import session_scope
from bot.services.org import import_apply, import_csv
from bot.services.workspaces.registry import ensure_workspace
from bot.slack.accounts import SlackUser
from tests.support.org_csv import org_people

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
PEOPLE = 40


def _import(engine: Engine, prefix: str, barrier: threading.Barrier, errors: list[str]) -> None:
    lines = ["email,manager_email,team"]
    lines += [
        f"{prefix}{n}@example.com,{f'{prefix}{n - 1}@example.com' if n else ''},{prefix}"
        for n in range(PEOPLE)
    ]
    rows, problems = import_csv.parse_csv("\n".join(lines) + "\n")
    assert not problems
    users = {
        f"{prefix}{n}@example.com": SlackUser(user_id=f"U{prefix.upper()}{n:06d}")
        for n in range(PEOPLE)
    }
    barrier.wait(timeout=30)
    try:
        with session_scope(engine) as session:
            workspace = ensure_workspace(session=session, slack_team_id="T0TEST0001", now=NOW)
            import_apply.apply(
                session=session,
                workspace=workspace,
                rows=rows,
                users=users,
                now=NOW,
                ask=question_message,
                mark_left=False,
            )
    except Exception as error:  # reported to the test thread, which fails on it
        errors.append(repr(error))


def test_two_imports_at_once_both_apply_whole(engine: Engine) -> None:
    with session_scope(engine) as session:
        ensure_workspace(session=session, slack_team_id="T0TEST0001", now=NOW)
    barrier, errors = threading.Barrier(2), []
    threads = [
        threading.Thread(target=_import, args=(engine, prefix, barrier, errors))
        for prefix in ("ab", "cd")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    people = org_people(engine)
    assert len(people) == 2 * PEOPLE
    for prefix in ("ab", "cd"):
        assert people[f"{prefix}{PEOPLE - 1}@example.com"][:2] == (
            f"{prefix}{PEOPLE - 2}@example.com",
            prefix,
        )
