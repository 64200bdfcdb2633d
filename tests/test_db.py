"""Engine set-up: SQLite pragmas, clear errors, transactions that can take the write lock."""

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.config import ConfigError
from bot.db import make_engine, session_scope


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout_foreign_keys_and_secure_delete(
    tmp_path: Path,
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        with engine.connect() as connection:
            pragma = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in (
                    "journal_mode",
                    "busy_timeout",
                    "foreign_keys",
                    "secure_delete",
                    "journal_size_limit",
                )
            }
        assert pragma == {
            "journal_mode": "wal",
            "busy_timeout": 5000,
            "foreign_keys": 1,
            "secure_delete": 1,  # a deleted row's bytes are overwritten, not left in free pages
            "journal_size_limit": 0,  # the -wal file is cut back once checkpointed
        }
    finally:
        engine.dispose()


def test_an_immediate_session_holds_the_write_lock_from_its_start(tmp_path: Path) -> None:
    path = tmp_path / "lock.db"
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE t (x INTEGER)"))
        entered, release = threading.Event(), threading.Event()

        def hold() -> None:
            with session_scope(engine, immediate=True) as session:
                session.execute(text("SELECT 1"))  # a read only: BEGIN IMMEDIATE took the lock
                entered.set()
                release.wait(5)

        holder = threading.Thread(target=hold)
        holder.start()
        assert entered.wait(5)
        other = sqlite3.connect(path, timeout=0.1, isolation_level=None)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            release.set()
            holder.join(5)
            other.close()
    finally:
        engine.dispose()


def test_a_rolled_back_session_keeps_nothing(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'r.db'}")
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE t (x INTEGER)"))
        with pytest.raises(RuntimeError), session_scope(engine) as session:
            session.execute(text("INSERT INTO t VALUES (1)"))
            raise RuntimeError("boom")
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM t")).scalar() == 0
    finally:
        engine.dispose()


def test_postgres_without_its_driver_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_psycopg(name: str, *args: object, **kwargs: object) -> object:
        if name == "psycopg" or name.startswith("psycopg."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_psycopg)
    with pytest.raises(ConfigError, match=r"pip install 'career-bot\[postgres\]'"):
        make_engine("postgresql+psycopg://u@127.0.0.1:1/db")
