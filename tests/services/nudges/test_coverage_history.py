"""Weekly coverage for the digest chart: shares of the team only, and no week smaller than
the minimum group size broken out."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.engine import Engine

from bot.db import read_scope
from bot.services.nudges.coverage_history import WEEKS, weekly_coverage
from tests.support.digest_org import NOW
from tests.support.digest_team import realistic_org


def test_weeks_end_today_and_count_members_who_had_joined_by_then(engine: Engine) -> None:
    org = realistic_org(engine)
    with read_scope(engine) as session:
        weeks = weekly_coverage(session=session, teams={org.team_id: 3}, today=NOW.date())[
            org.team_id
        ]
    assert len(weeks) == WEEKS
    assert [w.week_end for w in weeks] == [
        NOW.date() - timedelta(weeks=k) for k in range(WEEKS - 1, -1, -1)
    ]
    # The digest's own figures (tests/jobs/test_digests.py): 3 of 7 now, 3 of 6 a week ago.
    assert (weeks[-1].percent, weeks[-2].percent) == (43, 50)
    assert all(w.percent is None or 0 <= w.percent <= 100 for w in weeks)


def test_a_week_with_fewer_members_than_the_minimum_is_not_reported(engine: Engine) -> None:
    org = realistic_org(engine)
    with read_scope(engine) as session:
        weeks = weekly_coverage(session=session, teams={org.team_id: 7}, today=NOW.date())
    # Seven members now; G joined five days ago, so every earlier week had six.
    assert [w.percent for w in weeks[org.team_id]] == [None] * (WEEKS - 1) + [43]
    with read_scope(engine) as session:
        assert weekly_coverage(session=session, teams={}, today=NOW.date()) == {}
