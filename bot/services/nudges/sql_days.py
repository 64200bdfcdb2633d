"""Day arithmetic in SQL, the same on SQLite and Postgres: SQLAlchemy has no portable form.

`utc_day` is the UTC calendar day of a stored timestamp and `days_between` the whole days from
one date to another; each compiles to Postgres by default and to SQLite's date functions there.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


class utc_day(FunctionElement[date]):
    """The UTC calendar day of a stored timestamp (SQLite keeps UTC text; Postgres timestamptz)."""

    type = Date()
    inherit_cache = True


@compiles(utc_day)
def _utc_day_postgres(element: utc_day, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(({compiler.process(element.clauses, **kw)}) AT TIME ZONE 'UTC' AS DATE)"


@compiles(utc_day, "sqlite")
def _utc_day_sqlite(element: utc_day, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)})"


class days_between(FunctionElement[int]):
    """Whole days from the first date to the second (Postgres subtracts dates natively)."""

    type = Integer()
    inherit_cache = True


@compiles(days_between)
def _days_between_postgres(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = list(element.clauses)
    return f"({compiler.process(end, **kw)} - {compiler.process(start, **kw)})"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = list(element.clauses)
    return (
        f"CAST(julianday({compiler.process(end, **kw)}) "
        f"- julianday({compiler.process(start, **kw)}) AS INTEGER)"
    )
