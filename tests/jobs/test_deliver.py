"""The `deliver` job run by hand (`career-bot jobs run deliver`) against Slack's rate limit.

The fake's clock runs SCALE times faster than the wall clock, and so do the job's clock and
its sleep: a Retry-After of a minute takes three real seconds.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.config import Settings
from bot.db import session_scope
from bot.jobs import JobContext, deliver
from bot.models import Delivery
from bot.outbox.enqueue import Outgoing, enqueue_many
from bot.services.workspaces.registry import ensure_workspace
from tests.support.fakeslack import FakeSlack

SCALE = 20.0
PER_MINUTE = 10
ROWS = 25  # three windows of the limit


def test_a_manual_run_waits_out_each_429_and_sends_everything_due(engine: Engine) -> None:
    origin_real, origin = time.monotonic(), datetime.now(UTC)

    def fake_seconds() -> float:
        return (time.monotonic() - origin_real) * SCALE

    def clock() -> datetime:
        return origin + timedelta(seconds=fake_seconds())

    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        time.sleep(seconds / SCALE)

    with FakeSlack(clock=fake_seconds) as fake:
        fake.workspace.wall_clock = lambda: clock().timestamp()
        people = [f"U0LIMIT{i:03d}" for i in range(5)]
        for person in people:
            fake.add_user(person)
        fake.set_rate_limit("chat.postMessage", PER_MINUTE)
        with session_scope(engine) as session:
            workspace = ensure_workspace(session=session, slack_team_id="T0TEST0001", now=origin)
            assert workspace.id is not None
            messages = [
                Outgoing(workspace.id, people[i % 5], "notice", f"k{i}", f"m{i}", origin)
                for i in range(ROWS)
            ]
            enqueue_many(session=session, messages=messages, now=origin)
        settings = Settings(database_url="", slack_api_url=fake.api_url, bot_token=fake.bot_token)
        counts = deliver.run(JobContext(settings, engine, clock=clock, sleep=sleep))
        limited = len([c for c in fake.calls if c.status == 429])
        posted = Counter(m["metadata"]["event_payload"]["delivery_id"] for m in fake.messages())
        took = fake_seconds()
    # On the old code the run stopped at the first 429, with 15 rows still pending.
    assert counts["sent"] == ROWS and counts["rate_limited"] == limited >= 1, counts
    assert len(posted) == ROWS and set(posted.values()) == {1}, "each row posted once"
    # It waited for the limit's windows (a slow machine may need fewer naps, never less time).
    assert slept and took >= 60 * (ROWS // PER_MINUTE), (slept, took)
    with Session(engine) as session:
        states = session.exec(select(col(Delivery.state))).all()
    assert set(states) == {"sent"}


def test_a_clock_that_does_not_move_ends_the_wait_instead_of_waiting_forever(
    engine: Engine,
) -> None:
    at = datetime(2026, 11, 17, 10, 0, tzinfo=UTC)
    naps: list[float] = []
    with FakeSlack() as fake:
        fake.add_user("U0LIMIT000")
        fake.set_rate_limit("chat.postMessage", 1)
        with session_scope(engine) as session:
            workspace = ensure_workspace(session=session, slack_team_id="T0TEST0001", now=at)
            assert workspace.id is not None
            messages = [
                Outgoing(workspace.id, "U0LIMIT000", "notice", f"k{i}", f"m{i}", at)
                for i in range(3)
            ]
            enqueue_many(session=session, messages=messages, now=at)
        settings = Settings(database_url="", slack_api_url=fake.api_url, bot_token=fake.bot_token)
        counts = deliver.run(JobContext(settings, engine, clock=lambda: at, sleep=naps.append))
    assert (counts["sent"], counts["rate_limited"], len(naps)) == (1, 1, 1), (counts, naps)
