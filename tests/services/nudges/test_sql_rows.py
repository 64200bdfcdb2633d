"""A list of rows as a table: more rows than Postgres takes bound parameters, in a few."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from bot.services.nudges.sql_rows import rows_table
from tests.support.sql_statements import recorded

ROWS = 70_000  # over 65,535: as an IN list, Postgres refused the statement


def test_seventy_thousand_rows_go_in_one_parameter_per_column_or_fewer(engine: Engine) -> None:
    first = date(2026, 1, 1)
    rows = [(n, first + timedelta(days=n % 400)) for n in range(ROWS)]
    table = rows_table(engine.dialect.name, "listed", {"n": int, "day": date}, rows)
    query = select(func.count(), func.sum(table.c.n), func.max(table.c.day), func.min(table.c.day))
    with recorded(engine) as statements, engine.connect() as connection:
        count, total, latest, earliest = connection.execute(query).one()
    assert (count, total) == (ROWS, ROWS * (ROWS - 1) // 2)
    assert str(latest) == str(first + timedelta(days=399)) and str(earliest) == str(first)
    assert [s.parameters for s in statements if s.kind == "SELECT"] in ([1], [2])
