"""Schema migrations with Alembic: upgrade, and the start-up check for an old schema."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from bot.db import SQLITE_BUSY_TIMEOUT_MS

UPGRADE_HINT = "run `career-bot db upgrade` first"
# Postgres advisory lock key for `upgrade` (any constant; the bytes of "careerbt").
UPGRADE_LOCK = 0x6361726565726274
UPGRADE_WAIT_S = 600  # how long a replica waits for another's migration


class SchemaOutOfDate(Exception):
    """The database is behind the code (or ahead of it); the message says what to run."""


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", "bot:migrations")
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None, "bot/migrations has no revisions"
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring the schema to the newest revision; safe to run any number of times, and by
    several processes at once (replicas starting together): the first takes a lock for the
    whole migration (BEGIN IMMEDIATE on SQLite, a transaction-scoped advisory lock on
    Postgres), the others wait for it, up to `UPGRADE_WAIT_S`, and then find nothing to do."""
    config = _config()
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:
        engine = engine.execution_options(sqlite_begin="IMMEDIATE")
    with engine.connect() as connection:
        if sqlite:  # a long migration may hold the lock longer than the usual busy timeout
            _busy_timeout(connection, UPGRADE_WAIT_S * 1000)
            # SQLite's own procedure for changing a table's shape: a batch migration rebuilds the
            # table, and dropping the old copy would break the rows that point at it, so the
            # keys are off for the migration and checked as a whole before it commits.
            _pragma(connection, "foreign_keys=OFF")
        try:
            with connection.begin():
                if not sqlite:
                    connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{UPGRADE_WAIT_S}s'")
                    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({UPGRADE_LOCK})")
                before = MigrationContext.configure(connection).get_current_revision()
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"the upgrade would break foreign keys: {broken[:5]}")
        finally:
            if sqlite:
                _busy_timeout(connection, SQLITE_BUSY_TIMEOUT_MS)
                _pragma(connection, "foreign_keys=ON")
    return before, head_revision()


def _busy_timeout(connection: Connection, milliseconds: int) -> None:
    """Set SQLite's busy timeout on the driver's connection, outside any transaction."""
    _pragma(connection, f"busy_timeout={milliseconds}")


def _pragma(connection: Connection, setting: str) -> None:
    """Set a SQLite pragma on the driver's connection, outside any transaction (where
    `foreign_keys`, for one, would be ignored)."""
    driver = connection.connection.driver_connection
    assert driver is not None, "a checked-out connection has its driver's connection"
    driver.execute(f"PRAGMA {setting}")


def check_current(engine: Engine) -> None:
    """Raise SchemaOutOfDate unless the database is at the code's newest revision."""
    current, head = current_revision(engine), head_revision()
    if current == head:
        return
    if current is None:
        raise SchemaOutOfDate(f"The database has no tables yet: {UPGRADE_HINT}.")
    known = {rev.revision for rev in ScriptDirectory.from_config(_config()).walk_revisions()}
    if current not in known:
        raise SchemaOutOfDate(
            f"The database schema ({current}) is newer than this version of career-bot "
            f"knows ({head}): upgrade career-bot before starting it."
        )
    raise SchemaOutOfDate(
        f"The database schema is out of date ({current}, newest is {head}): {UPGRADE_HINT}."
    )
