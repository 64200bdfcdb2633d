"""Lapse planning as a service: one statement at any size, an anti-join Postgres can scale."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Engine

from bot.db import session_scope
from bot.services.nudges.lapses import lapse_query, lapsed
from tests.support.seed_org import seed_org
from tests.support.sql_statements import recorded

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _selects(engine: Engine) -> tuple[int, list[int]]:
    with recorded(engine) as statements, session_scope(engine) as session:
        found = len(lapsed(session=session, now=NOW))
    return found, [s.parameters for s in statements if s.kind == "SELECT"]


def test_one_statement_with_the_same_parameters_however_many_people(engine: Engine) -> None:
    seed_org(engine, NOW, teams=1, reports=3, lapsed=1)
    small = _selects(engine)
    seed_org(engine, NOW, teams=30, reports=10, lapsed=4, first=100)
    large = _selects(engine)
    assert (small[0], large[0]) == (1, 1 + 30 * 4)
    assert large[1] == small[1] and len(small[1]) == 1


def test_a_next_date_ahead_is_an_anti_join_not_a_not_in_list() -> None:
    """NOT IN (subquery) made Postgres scan the subquery once per person past work_mem."""
    sql = str(lapse_query(NOW).compile(dialect=postgresql.dialect()))
    assert "NOT (EXISTS (SELECT" in sql and "NOT IN" not in sql
