"""The org import's SQL does not grow with the file: 10 people or 200, the same statements."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from bot.blocks.handover import question_message
from bot.db import make_engine, session_scope
from bot.schema import upgrade
from bot.services.org import import_apply, import_csv
from bot.services.workspaces.registry import ensure_workspace
from bot.slack.accounts import SlackUser
from tests.support.org_csv import left_people, org_people

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)


def _csv(people: range, *, moved: range = range(0)) -> str:
    """Person n reports to person (n-1)//5 in team n%3; the `moved` people go to team Moved."""
    lines = ["email,manager_email,team"]
    for n in people:
        boss = f"p{(n - 1) // 5}@example.com" if n else ""
        lines.append(f"p{n}@example.com,{boss},{'Moved' if n in moved else f'Team {n % 3}'}")
    return "\n".join(lines) + "\n"


def _import(engine: Engine, text: str, size: int) -> tuple[import_apply.ImportReport, int]:
    """Apply the file in one transaction; the report and how many SQL statements it took."""
    rows, errors = import_csv.parse_csv(text)
    assert not errors
    users = {f"p{n}@example.com": SlackUser(user_id=f"U{n:08d}", tz="UTC") for n in range(size)}
    statements: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        statements.append(statement)

    with session_scope(engine) as session:
        workspace = ensure_workspace(session=session, slack_team_id="T0TEST0001", now=NOW)
        event.listen(engine, "before_cursor_execute", count)
        try:
            report = import_apply.apply(
                session=session,
                workspace=workspace,
                rows=rows,
                users=users,
                now=NOW,
                ask=question_message,
            )
        finally:
            event.remove(engine, "before_cursor_execute", count)
    return report, len(statements)


def _three_imports(engine: Engine, size: int) -> list[int]:
    """Statements of: a first import, a re-import that moves a fifth and drops two, and the
    first file again (the two are back, the moved ones move back)."""
    first, second, third = (
        _import(engine, _csv(range(size)), size),
        _import(engine, _csv(range(size - 2), moved=range(1, size // 5)), size),
        _import(engine, _csv(range(size)), size),
    )
    assert len(first[0].added) == size
    assert len(second[0].team_changed) == size // 5 - 1 and len(second[0].left) == 2
    assert len(third[0].returned) == 2
    return [first[1], second[1], third[1]]


@pytest.mark.parametrize("size", [200])
def test_the_number_of_statements_does_not_grow_with_the_file(
    engine: Engine, blank_url: str, size: int
) -> None:
    large = _three_imports(engine, size)
    people = org_people(engine)
    assert people["p7@example.com"][:2] == ("p1@example.com", "Team 1")
    assert left_people(engine) == set()
    small_engine = make_engine(blank_url)
    try:
        upgrade(small_engine)
        assert _three_imports(small_engine, 10) == large
    finally:
        small_engine.dispose()
