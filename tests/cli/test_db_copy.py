"""`career-bot db copy`: every table of a seeded org from one database to another, both ways
between SQLite and Postgres; an empty, migrated target or nothing is written."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from bot.cli import db_copy, main
from bot.cli.db_copy import tables
from bot.db import make_engine, session_scope
from bot.models import Person
from bot.schema import upgrade
from tests.support.databases import POSTGRES_URL, Database, blank_database_url
from tests.support.seed_org import seed_org

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)


@pytest.fixture
def other_url(database: Database, tmp_path: Path) -> Iterator[str]:
    """A blank database of the other kind (SQLite when Postgres is not configured)."""
    other = "postgres" if database.kind == "sqlite" and POSTGRES_URL else "sqlite"
    yield from blank_database_url(other, tmp_path)


def _seed(engine: Engine) -> None:
    seed_org(engine, NOW, teams=3, reports=4, lapsed=2)
    with session_scope(engine) as session:  # a manager whose id is higher than their report's
        first = session.scalars(select(Person).order_by(Person.id)).first()  # type: ignore[arg-type]
        assert first is not None
        boss = Person(workspace_id=first.workspace_id, slack_user_id="U0BOSS0001", joined_at=NOW)
        session.add(boss)
        session.flush()
        first.manager_id = boss.id


def _rows(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as connection:
        return {
            table.name: [
                tuple(_naive(value) for value in row)
                for row in connection.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in tables()
        }


def _naive(value: Any) -> Any:
    return value.replace(tzinfo=None) if isinstance(value, datetime) else value


def test_every_table_is_copied_row_for_row_and_new_ids_follow(
    database: Database,
    other_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(db_copy, "BATCH", 5)  # several batches per table
    _seed(database.engine)
    target = make_engine(other_url)
    try:
        upgrade(target)
        assert main(["db", "copy", "--from", database.url, "--to", other_url]) == 0
        out, err = capsys.readouterr()
        assert err == ""  # no progress off a terminal
        assert "Copied 32 rows in 18 tables; every table holds as many rows" in out, out
        source_rows, target_rows = _rows(database.engine), _rows(target)
        assert source_rows == target_rows
        assert len(target_rows["person"]) == 3 + 12 + 1 and len(target_rows["conversation"]) == 12
        with target.begin() as connection:  # the sequences continue after the copied ids
            (new_id,) = connection.execute(
                insert(Person).returning(Person.id),  # type: ignore[arg-type]
                {"workspace_id": 1, "slack_user_id": "U0NEW00001", "joined_at": NOW},
            ).one()
        assert new_id == max(row[0] for row in source_rows["person"]) + 1
    finally:
        target.dispose()


def test_a_target_that_is_not_empty_or_not_migrated_is_refused(
    database: Database, other_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _seed(database.engine)
    assert main(["db", "copy", "--from", database.url, "--to", other_url]) == 1
    err = capsys.readouterr().err
    assert "the --to database is not ready: The database has no tables yet" in err
    assert "career-bot db upgrade" in err and err.count("\n") == 1
    target = make_engine(other_url)
    try:
        upgrade(target)
        seed_org(target, NOW, teams=1, reports=1, lapsed=0)
        before = _rows(target)
        assert main(["db", "copy", "--from", database.url, "--to", other_url]) == 1
        assert "the --to database already holds rows (workspace: 1, team: 1, person: 2" in (
            capsys.readouterr().err
        )
        assert _rows(target) == before
    finally:
        target.dispose()
