"""A list of rows as a derived table, sent as one bound parameter per column on Postgres and
one on SQLite, however many rows: an `IN (…)` list binds one parameter per value, and Postgres
refuses a statement with more than 65,535 of them (the 1M-people digest did).

Postgres unnests one typed array per column; SQLite reads a JSON array of rows with json_each.
Dates go to SQLite as ISO text, which is how SQLAlchemy stores them there.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Subquery, bindparam, text
from sqlalchemy.types import Date, Integer, TypeEngine

SQL_TYPES: dict[type, tuple[str, TypeEngine[Any]]] = {
    int: ("INTEGER", Integer()),
    date: ("DATE", Date()),
}


def rows_table(
    dialect: str, name: str, columns: dict[str, type], rows: Sequence[Sequence[Any]]
) -> Subquery:
    """`rows` (tuples in the order of `columns`, each an int or a date) as the table `name`."""
    names = list(columns)
    typed = {column: SQL_TYPES[kind][1] for column, kind in columns.items()}
    if dialect == "postgresql":
        arrays = ", ".join(
            f"CAST(:{name}_{column} AS {SQL_TYPES[kind][0]}[])" for column, kind in columns.items()
        )
        query = text(f"SELECT * FROM unnest({arrays}) AS {name}_rows({', '.join(names)})")
        query = query.bindparams(
            *(
                bindparam(f"{name}_{column}", [row[i] for row in rows])
                for i, column in enumerate(names)
            )
        )
    else:
        picks = ", ".join(
            f"json_extract(value, '$[{i}]') AS {column}" for i, column in enumerate(names)
        )
        query = text(f"SELECT {picks} FROM json_each(:{name}_rows)").bindparams(
            bindparam(f"{name}_rows", json.dumps([[_json(v) for v in row] for row in rows]))
        )
    return query.columns(**typed).subquery(name)


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
