"""Digest planning as a service: the same statements, and no more parameters, at any size."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine

from bot.db import session_scope
from bot.models import Team
from bot.services.nudges.digests import digests, due_teams
from bot.shapes.nudges import Digest
from tests.support.seed_org import seed_org
from tests.support.sql_statements import Statement, recorded

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # a Friday: every seeded team's Monday passed


def _plan(engine: Engine) -> tuple[list[Digest], list[Statement]]:
    with recorded(engine) as statements, session_scope(engine) as session:
        teams = due_teams(session=session, now=NOW)
        planned = list(digests(session=session, now=NOW, teams=teams))
    return planned, [s for s in statements if s.kind == "SELECT"]


def test_planning_runs_the_same_statements_with_as_many_parameters_at_any_size(
    engine: Engine,
) -> None:
    seed_org(engine, NOW, teams=2, reports=3, lapsed=1)
    small, small_statements = _plan(engine)
    seed_org(engine, NOW, teams=40, reports=9, lapsed=4, first=100)
    large, large_statements = _plan(engine)
    assert len(small) == 2 and len(large) == 42
    assert len(large_statements) == len(small_statements) == 5
    assert [s.parameters for s in large_statements] == [s.parameters for s in small_statements]
    # And the figures are each team's own (its lead counts as a member), in team id order.
    by_lead = {d.team.lead_user_id: d.figures for d in large}
    assert [d.team.team_id for d in large] == sorted(d.team.team_id for d in large)
    small_team, large_team = by_lead["U0LEAD0000"], by_lead["U0LEAD0100"]
    assert small_team is not None and large_team is not None
    assert (small_team.members, small_team.covered, len(small_team.lapsed)) == (4, 2, 1)
    assert (large_team.members, large_team.covered, len(large_team.lapsed)) == (10, 5, 4)
    assert {p.report_user_id for p in large_team.lapsed} == {f"U0REP0100{r}" for r in range(4)}


def test_a_team_listed_for_two_weeks_gets_its_own_figures_each_time(engine: Engine) -> None:
    seed_org(engine, NOW, teams=2, reports=3, lapsed=1)
    with session_scope(engine) as session:
        (first, second) = due_teams(session=session, now=NOW)
        later = type(first)(**{**first.__dict__, "week_start": first.week_start + timedelta(7)})
        planned = list(digests(session=session, now=NOW, teams=[second, first, later]))
        assert session.get(Team, first.team_id) is not None
    assert [d.team for d in planned] == [first, later, second]
    assert all(d.figures is not None and d.figures.members == 4 for d in planned)
    assert all(d.figures is not None and len(d.figures.lapsed) == 1 for d in planned)
