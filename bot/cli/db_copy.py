"""`career-bot db copy --from URL --to URL`: every table, e.g. from SQLite to Postgres.

The target must be migrated and empty; the source is read in one transaction (one snapshot),
the target written in one, table by table in dependency order, in batches. A column that
refers to its own table (a person's manager) or to one copied after it (a team's lead) is
filled in a second pass, so rows may come in any order. Row counts are compared at the end,
before the commit, and Postgres sequences are moved past the copied ids so that new rows do
not collide with them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Table, bindparam, func, select, text, update
from sqlalchemy.engine import Connection, Engine, make_url
from sqlmodel import SQLModel

from bot import models  # noqa: F401  (registers every table on SQLModel.metadata)
from bot.cli.progress import progress
from bot.config import ConfigError, database_url
from bot.db import make_engine
from bot.schema import SchemaOutOfDate, check_current
from bot.slack.installations import oauth_metadata

BATCH = 1_000


class CopyRefused(Exception):
    """The copy cannot start (or did not match); nothing was written."""


def tables() -> list[Table]:
    """Every table the migrations create, parents before children."""
    return [*SQLModel.metadata.sorted_tables, *oauth_metadata().sorted_tables]


def copy_database(source_url: str, target_url: str) -> dict[str, int]:
    """Copy every row; table name -> rows copied. Raises CopyRefused or ConfigError."""
    with _engine(source_url, "--from") as source, _engine(target_url, "--to") as target:
        _check_schema(source, "--from", source_url)
        _check_schema(target, "--to", target_url)
        with _reading(source) as reading, _writing(target) as writing:
            _refuse_non_empty(writing)
            copied, second_passes = {}, []
            order = tables()
            for at, table in enumerate(order):
                ahead = {later.name for later in order[at:]}
                copied[table.name], fill_in = _copy(table, ahead, reading, writing)
                second_passes.append(fill_in)
            for fill_in in second_passes:
                fill_in()
            for table in tables():
                in_source = _count(reading, table)
                in_target = _count(writing, table)
                if in_source != in_target:
                    raise CopyRefused(
                        f"{table.name}: {in_source} rows in the source, {in_target} copied; "
                        "nothing was written"
                    )
            if writing.dialect.name == "postgresql":
                _reset_sequences(writing)
        return copied


@contextmanager
def _engine(raw: str, flag: str) -> Iterator[Engine]:
    try:
        url = database_url(raw)
    except ConfigError as error:
        raise ConfigError(f"{flag}: {error}") from None
    engine = make_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


def _check_schema(engine: Engine, flag: str, url: str) -> None:
    try:
        check_current(engine)
    except SchemaOutOfDate as problem:
        raise CopyRefused(
            f"the {flag} database is not ready: {problem} (with DATABASE_URL set to "
            f"{make_url(url).render_as_string(hide_password=True)}); nothing was copied"
        ) from None


@contextmanager
def _reading(engine: Engine) -> Iterator[Connection]:
    options = {} if engine.dialect.name == "sqlite" else {"isolation_level": "REPEATABLE READ"}
    with engine.connect().execution_options(**options) as connection, connection.begin():
        yield connection


@contextmanager
def _writing(engine: Engine) -> Iterator[Connection]:
    if engine.dialect.name == "sqlite":
        engine = engine.execution_options(sqlite_begin="IMMEDIATE")
    with engine.begin() as connection:
        yield connection


def _refuse_non_empty(writing: Connection) -> None:
    filled = [(table.name, n) for table in tables() if (n := _count(writing, table))]
    if filled:
        rows = ", ".join(f"{name}: {n}" for name, n in filled)
        raise CopyRefused(
            f"the --to database already holds rows ({rows}); db copy fills only an empty one, "
            "so nothing is overwritten: point --to at a new database and run db upgrade on it"
        )


def _count(connection: Connection, table: Table) -> int:
    return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def _copy(
    table: Table, ahead: set[str], reading: Connection, writing: Connection
) -> tuple[int, Callable[[], None]]:
    """Copy `table`'s rows; how many, and the second pass that fills the columns referring to
    a table in `ahead` (itself or one copied after it: a team's lead is a person)."""
    deferred = [fk.parent.name for fk in table.foreign_keys if fk.column.table.name in ahead]
    key = list(table.primary_key.columns)
    total = _count(reading, table)
    later: list[dict[str, object]] = []
    with progress(total, f"Copying {table.name}", "rows") as bar:
        query = select(table).order_by(*key)
        result = reading.execution_options(yield_per=BATCH).execute(query)
        for batch in result.mappings().partitions():
            rows = [dict(row) for row in batch]
            for row in rows:
                if any(row[name] is not None for name in deferred):
                    later.append({"pk": row[key[0].name], **{f"new_{n}": row[n] for n in deferred}})
                    row.update(dict.fromkeys(deferred, None))
            writing.execute(table.insert(), rows)
            bar.advance(len(rows))

    def fill_in() -> None:
        if later:
            statement = (
                update(table)
                .where(key[0] == bindparam("pk"))
                .values({name: bindparam(f"new_{name}") for name in deferred})
            )
            writing.execute(statement, later)

    return total, fill_in


def _reset_sequences(writing: Connection) -> None:
    """Each serial id's sequence continues after the highest id copied."""
    for table in tables():
        for column in table.primary_key.columns:
            sequence = writing.execute(
                text("SELECT pg_get_serial_sequence(:table, :column)"),
                {"table": table.name, "column": column.name},
            ).scalar()
            if sequence is None:
                continue
            writing.execute(
                text(
                    f'SELECT setval(:sequence, coalesce((SELECT max("{column.name}") '
                    f'FROM "{table.name}"), 0) + 1, false)'
                ),
                {"sequence": sequence},
            )
