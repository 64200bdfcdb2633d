"""Three `career-bot serve` replicas, schedulers on, started together on one Postgres.

Each replica runs every planner once at start-up to catch up, at the same moment as the
others, and then its dispatcher. Whatever the interleaving, the org's lapsed pairs are owed
one reminder each and its teams one digest each, no replica fails, and nothing is posted
twice. (The simulated quarter in `test_replicas_quarter.py` covers the weeks that follow.)
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.models import Delivery
from tests.support.app_server import SIGNING_SECRET
from tests.support.databases import POSTGRES_URL, Database
from tests.support.fakeslack import FakeSlack
from tests.support.seed_org import seed_org
from tests.support.slack_reference import REPO_ROOT

REPLICAS = 3
TEAMS = 30
REPORTS = 3
LAPSED = 2
CATCH_UP = ("lapses (catch-up)", "digests (catch-up)", "deliver (catch-up)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def _replica(database: Database, fake: FakeSlack, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SLACK_")},
        "DATABASE_URL": database.url,
        "SLACK_API_URL": fake.api_url,
        "SLACK_BOT_TOKEN": fake.bot_token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "LOG_LEVEL": "INFO",
    }
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port)),
                *("--workers", "1"),  # one scheduler per replica
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        try:
            yield process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
            process.wait(timeout=30)


def _wait(condition: Callable[[], bool], *, what: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _ended_jobs(log: Path, how: str) -> Counter[str]:
    """The catch-up jobs whose end the replica logged `how` ("executed successfully" ...)."""
    lines = log.read_text(errors="replace").splitlines()
    return Counter(job for line in lines if how in line for job in CATCH_UP if job in line)


def _caught_up(log: Path, replica: subprocess.Popen[bytes]) -> bool:
    """Whether each catch-up job ended (or the replica did)."""
    if replica.poll() is not None:
        return True
    ended = _ended_jobs(log, "executed successfully") + _ended_jobs(log, "raised an exception")
    return set(ended) == set(CATCH_UP)


@pytest.mark.skipif(not POSTGRES_URL, reason="replicas share one Postgres: set TEST_DATABASE_URL")
@pytest.mark.parametrize("database", ["postgres"], indirect=True)
def test_three_serve_replicas_starting_together_owe_and_post_each_message_once(
    database: Database, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    seed_org(database.engine, datetime.now(UTC), teams=TEAMS, reports=REPORTS, lapsed=LAPSED)
    for t in range(TEAMS):
        fake_slack.add_channel(f"C0TEAM{t:04d}")
        fake_slack.add_user(f"U0LEAD{t:04d}")
    logs = [tmp_path / f"replica-{i}.log" for i in range(REPLICAS)]
    with ExitStack() as stack:
        replicas = [stack.enter_context(_replica(database, fake_slack, log)) for log in logs]
        for log, replica in zip(logs, replicas, strict=True):
            _wait(partial(_caught_up, log, replica), what=f"{log.name} to run its catch-up jobs")
            assert replica.poll() is None, log.read_text()
        fake_slack.wait_answered()
        for replica in replicas:  # all at once: each takes a moment to stop
            replica.send_signal(signal.SIGINT)
    for log in logs:
        text = log.read_text(errors="replace")
        assert "Traceback" not in text and " ERROR " not in text, text[-3000:]
        assert _ended_jobs(log, "executed successfully") == Counter(CATCH_UP), text[-3000:]

    with Session(database.engine) as session:
        owed = dict(
            session.exec(select(Delivery.kind, func.count()).group_by(col(Delivery.kind))).all()
        )
        rows = {row.id: row for row in session.exec(select(Delivery))}
    assert owed == {"lapse": TEAMS * LAPSED, "digest": TEAMS, "digest-lead": TEAMS}
    posted = Counter(m["metadata"]["event_payload"]["delivery_id"] for m in fake_slack.messages())
    assert not posted or max(posted.values()) == 1, "a message was posted twice"
    assert set(posted) == {i for i, row in rows.items() if row.state == "sent"}
    assert [row for row in rows.values() if row.state in ("dead", "unknown")] == []
