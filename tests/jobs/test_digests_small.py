"""The digests job and a team below the minimum group size: its channel is told once, then
nothing until the team has figures again; if it shrinks again, it is told once more."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, update

from bot.config import Settings
from bot.db import session_scope
from bot.jobs import JobContext, job_named
from bot.models import Person, Team, Workspace
from tests.support.digest_org import NOW, add_member, make_org, run_job
from tests.support.digest_team import days_ago, digest_rows

JOINED = NOW - timedelta(days=400)


def _week(n: int) -> datetime:
    return NOW + timedelta(weeks=n)


def _posted(engine: Engine) -> list[str]:
    """Each digest owed so far, in order: "notice" or "figures"."""
    return [
        "notice" if "fewer than" in row.payload["text"] else "figures"
        for row in digest_rows(engine)
    ]


def _min_group_size(engine: Engine, size: int) -> None:
    with session_scope(engine) as session:
        session.execute(update(Workspace).values(min_group_size=size))


def test_the_small_team_notice_is_posted_once_until_the_team_is_big_enough(
    engine: Engine, settings: Settings
) -> None:
    org = make_org(engine, joined=JOINED)
    add_member(engine, org, "U0MEMBERA", joined=JOINED, met=[days_ago(5)])
    add_member(engine, org, "U0MEMBERB", joined=JOINED, met=[days_ago(20)])

    run_job("digests", engine, settings, _week(0))
    run_job("digests", engine, settings, _week(0) + timedelta(minutes=15))  # same week
    assert _posted(engine) == ["notice"]
    (notice,) = digest_rows(engine)
    assert "fewer than 3 people" in notice.payload["text"]
    assert "stay quiet here until the team has 3 or more" in notice.payload["text"]
    for week in (1, 2, 3):  # still two: nothing, week after week
        run_job("digests", engine, settings, _week(week))
    assert _posted(engine) == ["notice"]

    carol = add_member(engine, org, "U0MEMBERC", joined=JOINED, met=[days_ago(1)])
    run_job("digests", engine, settings, _week(4))
    run_job("digests", engine, settings, _week(5))
    assert _posted(engine) == ["notice", "figures", "figures"]

    # Smaller than the minimum again, because someone left: told once more, then quiet.
    with session_scope(engine) as session:
        session.execute(update(Person).where(col(Person.id) == carol).values(left_at=_week(5)))
    for week in (6, 7, 8):
        run_job("digests", engine, settings, _week(week))
    assert _posted(engine) == ["notice", "figures", "figures", "notice"]

    # Or because the workspace asks for bigger groups: the same, with the new minimum.
    with session_scope(engine) as session:
        session.execute(update(Person).where(col(Person.id) == carol).values(left_at=None))
    run_job("digests", engine, settings, _week(9))
    _min_group_size(engine, 4)
    run_job("digests", engine, settings, _week(10))
    run_job("digests", engine, settings, _week(11))
    assert _posted(engine) == ["notice", "figures", "figures", "notice", "figures", "notice"]
    assert "fewer than 4 people" in digest_rows(engine)[-1].payload["text"]


def test_racing_planners_of_different_weeks_owe_one_notice(
    engine: Engine, settings: Settings
) -> None:
    """Replicas planning at once (one late, one catching up a week on): the outbox key is per
    week, so only the claim on the team (a conditional UPDATE) keeps the notice to one."""
    org = make_org(engine, joined=JOINED)
    add_member(engine, org, "U0MEMBERA", joined=JOINED, met=[days_ago(5)])
    weeks = [_week(n % 4) for n in range(8)]
    job = job_named("digests")
    assert job is not None and job.run is not None
    run = job.run

    def plan(at: datetime) -> dict[str, int]:  # the job's own clock; freezegun is not threadsafe
        return run(JobContext(settings=settings, engine=engine, clock=lambda: at))

    with ThreadPoolExecutor(len(weeks)) as pool:
        done = list(pool.map(plan, weeks))
    assert sum(result["owed"] for result in done) == 1
    assert _posted(engine) == ["notice"]
    with Session(engine) as session:
        team = session.get(Team, org.team_id)
        assert team is not None and team.small_notice_at is not None
