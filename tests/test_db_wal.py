"""Emptying SQLite's write-ahead log after an erase, and what happens when a reader holds it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from bot.db import make_engine
from bot.db_wal import empty_wal

SECRET = "ADA-WAL-canary-7f"


def _bytes_holding(path: Path, needle: str) -> dict[str, int]:
    found = {}
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        raw = name.read_bytes() if name.exists() else b""
        found[name.name] = raw.count(needle.encode())
    return {name: count for name, count in found.items() if count}


def test_a_reader_on_an_old_snapshot_holds_the_wal_up_and_it_is_said(tmp_path: Path) -> None:
    path = tmp_path / "wal.db"
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE note (body TEXT)"))
            connection.execute(text("INSERT INTO note VALUES (:b)"), {"b": SECRET})
        reader = engine.connect()
        reader.begin()
        assert reader.execute(text("SELECT body FROM note")).scalar_one() == SECRET
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM note"))
        assert _bytes_holding(path, SECRET), "the deleted row is still in the log"

        assert empty_wal(engine, tries=2, wait_ms=20) is False  # the reader still sees it
        reader.close()
        assert empty_wal(engine, wait_ms=20) is True
        assert Path(f"{path}-wal").stat().st_size == 0
        assert _bytes_holding(path, SECRET) == {}
    finally:
        engine.dispose()


def test_postgres_has_no_log_of_ours_to_empty() -> None:
    engine = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert empty_wal(engine) is True  # no connection is even opened
