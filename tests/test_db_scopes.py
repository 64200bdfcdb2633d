"""Transactions: a scope that may write holds SQLite's write lock from BEGIN; reads take none."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from bot.db import make_engine, read_scope, session_scope
from bot.models import Workspace
from bot.services.workspaces.registry import ensure_workspace
from tests.support.databases import Database

NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Iterator[tuple[Path, Engine]]:
    path = tmp_path / "scopes.db"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
    yield path, engine
    engine.dispose()


def _try_to_write(path: Path) -> None:
    """Another process's writer, not willing to wait."""
    other = sqlite3.connect(path, timeout=0.1, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()


def _while_open(engine: Engine, scope: str, then: threading.Event, done: threading.Event) -> None:
    opened = session_scope(engine) if scope == "write" else read_scope(engine)
    with opened as session:
        session.execute(text("SELECT count(*) FROM t"))  # a read: only BEGIN may have locked
        then.set()
        done.wait(5)


def test_a_session_scope_takes_the_write_lock_at_its_start_by_default(
    sqlite_file: tuple[Path, Engine],
) -> None:
    # A deferred BEGIN that reads first and writes later fails with "database is locked" at
    # once when another writer commits in between; holding the lock from BEGIN rules it out.
    path, engine = sqlite_file
    entered, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=_while_open, args=(engine, "write", entered, release))
    holder.start()
    try:
        assert entered.wait(5)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            _try_to_write(path)
    finally:
        release.set()
        holder.join(5)


def test_a_read_scope_takes_no_lock_and_refuses_writes(sqlite_file: tuple[Path, Engine]) -> None:
    path, engine = sqlite_file
    entered, release = threading.Event(), threading.Event()
    reader = threading.Thread(target=_while_open, args=(engine, "read", entered, release))
    reader.start()
    try:
        assert entered.wait(5)
        _try_to_write(path)  # a writer is not held up by a reader
    finally:
        release.set()
        reader.join(5)

    with pytest.raises(DBAPIError, match="readonly"), read_scope(engine) as session:
        session.execute(text("INSERT INTO t VALUES (1)"))
    # The same pooled connection writes again afterwards.
    with session_scope(engine) as session:
        session.execute(text("INSERT INTO t VALUES (2)"))
    with read_scope(engine) as session:
        assert session.execute(text("SELECT x FROM t")).scalars().all() == [2]


def test_a_read_scope_refuses_writes_on_every_database(database: Database) -> None:
    engine = database.engine
    with session_scope(engine) as session:
        ensure_workspace(session=session, slack_team_id="T0SCOPE001", now=NOW)
    with pytest.raises(DBAPIError), read_scope(engine) as session:
        workspace = session.exec(select(Workspace)).one()
        workspace.name = "renamed"
        session.add(workspace)
    with read_scope(engine) as session:
        found = session.exec(select(Workspace)).one()
    assert found.name is None and found.slack_team_id == "T0SCOPE001"  # usable after the scope
    with session_scope(engine) as session:  # and writing still works afterwards
        ensure_workspace(session=session, slack_team_id="T0SCOPE001", now=NOW, name="Acme")
    with read_scope(engine) as session:
        assert session.exec(select(Workspace.name)).one() == "Acme"
