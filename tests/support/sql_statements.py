"""The SQL statements an engine runs inside a block, and the bound parameters of each."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine


@dataclass(frozen=True)
class Statement:
    sql: str
    parameters: int  # bound parameters of one execution (of the largest, for executemany)

    @property
    def kind(self) -> str:
        return self.sql.split(None, 1)[0].upper()


@contextmanager
def recorded(engine: Engine) -> Iterator[list[Statement]]:
    """Every statement the engine runs until the block ends, in order."""
    statements: list[Statement] = []

    def record(_conn: Any, _cursor: Any, sql: str, parameters: Any, *_: Any) -> None:
        many = parameters if isinstance(parameters, list) else [parameters]
        statements.append(Statement(sql, max((len(p or ()) for p in many), default=0)))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)
