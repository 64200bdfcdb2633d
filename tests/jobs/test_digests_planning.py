"""The `digests` job plans each week once, at the lead's hour, with the same few queries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import delete, update

from bot.config import Settings
from bot.db import session_scope
from bot.models import (
    Delivery,
    Person,
    Team,
    Workspace,
)
from tests.support.digest_org import (
    NOW,
    Org,
    add_member,
    make_org,
    run_job,
)
from tests.support.digest_team import (
    days_ago,
    digest_rows,
    realistic_org,
    utc,
)


def test_nothing_is_owed_before_the_hour_comes_near_and_then_once_a_week(
    engine: Engine, settings: Settings
) -> None:
    org = realistic_org(engine)
    assert run_job("digests", engine, settings, NOW - timedelta(hours=1))["owed"] == 0
    assert run_job("digests", engine, settings, NOW)["owed"] == 1
    later_that_week = NOW + timedelta(days=4)
    assert run_job("digests", engine, settings, later_that_week)["owed"] == 0
    assert run_job("digests", engine, settings, NOW + timedelta(days=7))["owed"] == 1
    keys = [row.period_key for row in digest_rows(engine)]
    assert keys == [f"{org.team_id}:2026-W48", f"{org.team_id}:2026-W49"]


def test_the_digest_hour_follows_new_york_across_both_dst_changes(
    engine: Engine, settings: Settings
) -> None:
    _big_enough(engine, make_org(engine, joined=datetime(2025, 1, 1, tzinfo=UTC)))
    # Clocks spring forward on Sunday 8 Mar 2026 and fall back on Sunday 1 Nov 2026.
    mondays = [
        (datetime(2026, 3, 2, 13, 30, tzinfo=UTC), datetime(2026, 3, 2, 14, 0, tzinfo=UTC)),
        (datetime(2026, 3, 9, 12, 30, tzinfo=UTC), datetime(2026, 3, 9, 13, 0, tzinfo=UTC)),
        (datetime(2026, 10, 26, 12, 30, tzinfo=UTC), datetime(2026, 10, 26, 13, 0, tzinfo=UTC)),
        (datetime(2026, 11, 2, 13, 30, tzinfo=UTC), datetime(2026, 11, 2, 14, 0, tzinfo=UTC)),
    ]
    for half_an_hour_before, nine in mondays:
        assert (
            run_job("digests", engine, settings, half_an_hour_before - timedelta(hours=1))["owed"]
            == 0
        )
        assert run_job("digests", engine, settings, half_an_hour_before)["owed"] == 1
        assert utc(digest_rows(engine)[-1].not_before) == nine
    assert [row.period_key.split(":")[1] for row in digest_rows(engine)] == [
        "2026-W10",
        "2026-W11",
        "2026-W44",
        "2026-W45",
    ]


def test_a_lead_elsewhere_and_a_configured_day_and_hour(engine: Engine, settings: Settings) -> None:
    make_org(engine, joined=datetime(2025, 1, 1, tzinfo=UTC), lead_tz="Asia/Tokyo")
    with session_scope(engine) as session:
        session.execute(update(Workspace).values(digest_weekday=4, digest_hour=16))
    # Friday 27 Nov 2026, 16:00 in Tokyo is 07:00 UTC; a catch-up on Saturday sends at once.
    assert (
        run_job("digests", engine, settings, datetime(2026, 11, 27, 5, 0, tzinfo=UTC))["owed"] == 0
    )
    late = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)
    assert run_job("digests", engine, settings, late)["owed"] == 1
    (row,) = digest_rows(engine)
    assert utc(row.not_before) == late and row.period_key.endswith("2026-W48")


def test_planning_takes_the_same_queries_however_many_teams_and_people(
    engine: Engine, settings: Settings
) -> None:
    def selects_for_a_run(at: datetime) -> int:
        statements: list[str] = []

        def count(*args: object) -> None:
            statements.append(str(args[2]))

        event.listen(engine, "before_cursor_execute", count)
        try:
            assert run_job("digests", engine, settings, at)["owed"] >= 1
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return len([s for s in statements if s.lstrip().upper().startswith("SELECT")])

    org = realistic_org(engine)
    small = selects_for_a_run(NOW)
    joined = NOW - timedelta(days=400)
    with session_scope(engine) as session:
        for n in range(4):
            lead = session.get(Person, org.manager_id)
            assert lead is not None
            session.add(
                Team(
                    workspace_id=org.workspace_id,
                    name=f"Team {n}",
                    lead_id=lead.id,
                    digest_channel=f"C0EXTRA{n:04d}",
                )
            )
    for n in range(30):
        add_member(engine, org, f"U0MORE{n:04d}", joined=joined, met=[days_ago(n * 5)])
    assert selects_for_a_run(NOW + timedelta(days=7)) == small


def test_the_last_hour_of_a_week_still_catches_up_and_plans_the_next(
    engine: Engine, settings: Settings
) -> None:
    org = _big_enough(engine, make_org(engine, joined=datetime(2025, 1, 1, tzinfo=UTC)))
    # Monday 00:00 in New York: on Sunday 23:30 the next week's digest is half an hour away.
    with session_scope(engine) as session:
        session.execute(update(Workspace).values(digest_weekday=0, digest_hour=0))
    monday_16 = datetime(2026, 11, 16, 5, 0, tzinfo=UTC)
    sunday_late = datetime(2026, 11, 23, 4, 30, tzinfo=UTC)  # Sunday 22 Nov, 23:30 EST
    assert run_job("digests", engine, settings, monday_16)["owed"] == 1
    assert run_job("digests", engine, settings, sunday_late)["owed"] == 1
    last = digest_rows(engine)[-1]
    assert last.period_key == f"{org.team_id}:2026-W48"
    assert utc(last.not_before) == datetime(2026, 11, 23, 5, 0, tzinfo=UTC)

    # Sunday 23:00 instead, and the bot back only at 23:30: that week's digest goes at once.
    with session_scope(engine) as session:
        session.execute(update(Workspace).values(digest_weekday=6, digest_hour=23))
        session.execute(delete(Delivery))
    assert run_job("digests", engine, settings, sunday_late)["owed"] == 1
    (row,) = digest_rows(engine)
    assert row.period_key == f"{org.team_id}:2026-W47"
    assert utc(row.not_before) == sunday_late


def _big_enough(engine: Engine, org: Org) -> Org:
    """Three members: a team with figures every week (a smaller one is told so only once)."""
    for n in range(3):
        add_member(engine, org, f"U0WEEKLY{n:02d}", joined=datetime(2025, 1, 1, tzinfo=UTC))
    return org
