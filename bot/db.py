"""Engine and sessions. SQLite gets WAL, a busy timeout and enforced foreign keys."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any, Literal

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

from bot.config import ConfigError

SQLITE_BUSY_TIMEOUT_MS = 5000


def make_engine(database_url: str, **kwargs: Any) -> Engine:
    """An engine for DATABASE_URL, configured for several threads and processes."""
    url = make_url(database_url)
    # A failing statement's message would otherwise carry its parameters (people's notes,
    # ids, emails) into the error log.
    kwargs.setdefault("hide_parameters", True)
    if url.get_backend_name() == "sqlite":
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        _take_over_transactions(engine)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True, **kwargs)
    except ModuleNotFoundError as missing:
        raise ConfigError(
            f"DATABASE_URL points at PostgreSQL but its driver is missing ({missing.name}): "
            "install it with pip install 'career-bot[postgres]'"
        ) from None


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # An erased record must not survive in the file: deleted rows, freed space in a page and
    # freed pages are overwritten with zeros instead of left in place.
    cursor.execute("PRAGMA secure_delete=ON")
    # The WAL keeps old page images after a checkpoint and is overwritten from its start, not
    # shortened: when it restarts, cut it to what the new transaction wrote, so no frame from
    # before (an erased record's pages) outlives a checkpoint that a reader held up.
    cursor.execute("PRAGMA journal_size_limit=0")
    cursor.close()


def _take_over_transactions(engine: Engine) -> None:
    # pysqlite opens transactions lazily and on its own terms; we emit BEGIN ourselves so a
    # writer can ask for BEGIN IMMEDIATE (see `immediate`) and take the lock up front.
    @event.listens_for(engine, "connect")
    def _no_implicit_begin(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "")
        connection.exec_driver_sql(f"BEGIN {mode}".strip())


@contextmanager
def session_scope(engine: Engine, *, immediate: Literal[True] = True) -> Iterator[Session]:
    """A session that commits on success and rolls back on error; it may write.

    On SQLite it takes the write lock at BEGIN (BEGIN IMMEDIATE), waiting up to the busy
    timeout for it. A deferred transaction that reads and then writes fails at once with
    "database is locked" when another writer committed after its first read (WAL cannot
    move its snapshot forward, and the busy timeout does not apply), so a scope that may write
    must not start deferred. Postgres code uses row locks and unique keys instead.
    Reads that cannot write use `read_scope`. (`immediate` is the only mode; the keyword is
    still accepted for callers written when it was not the default.)
    """
    bind: Any = engine
    if engine.dialect.name == "sqlite":
        bind = engine.execution_options(sqlite_begin="IMMEDIATE")
    with Session(bind, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def read_scope(engine: Engine) -> Iterator[Session]:
    """A session that only reads: no write lock is taken, so it never waits behind writers.

    The database itself refuses a write in it (SQLite's query_only, a Postgres READ ONLY
    transaction), so a scope that should have been a `session_scope` fails in every test
    that reaches the write, not only under load.
    """
    with Session(engine, expire_on_commit=False) as session:
        connection = session.connection()
        if engine.dialect.name != "sqlite":
            connection.exec_driver_sql("SET TRANSACTION READ ONLY")  # ends with the transaction
            yield session
            session.commit()  # nothing to write; keeps loaded objects usable after the scope
            return
        # query_only belongs to the pooled connection, not to the transaction: it is cleared
        # on the driver's connection itself, whatever state the session was left in.
        raw = connection.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA query_only = ON")
        try:
            yield session
            session.flush()
        finally:
            with suppress(sqlite3.Error):  # a closed (invalidated) connection is never reused
                raw.execute("PRAGMA query_only = OFF")
        session.commit()


def insert_ignoring_conflicts(
    session: Session, model: type[Any], rows: list[dict[str, Any]], *, conflict_on: list[str]
) -> int:
    """INSERT ... ON CONFLICT DO NOTHING; returns how many rows were new.

    The unique constraint decides, not a prior SELECT, so racing writers cannot both insert.
    """
    if not rows:
        return 0
    table = model.__table__
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        statement: Any = pg_insert(table).on_conflict_do_nothing(index_elements=conflict_on)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        statement = sqlite_insert(table).on_conflict_do_nothing(index_elements=conflict_on)
    # rowcount is unreliable for executemany; RETURNING lists exactly the inserted rows.
    statement = statement.returning(*table.primary_key.columns)
    return len(session.execute(statement, rows).all())
