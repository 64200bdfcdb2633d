"""The kill phase of the outbox-under-faults scenario (outbox_faults.py): real dispatcher
processes, each killed with SIGKILL right after it claimed a batch, its first send in flight."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.db import session_scope
from bot.models import Delivery
from bot.outbox.claim import reap
from bot.outbox.policy import Policy
from tests.support.fakeslack import FakeSlack
from tests.support.slack_reference import REPO_ROOT

# Each dispatcher process claims this many rows at once (Policy().batch_size).
BATCH = Policy().batch_size


def dispatcher_process(database_url: str, fake: FakeSlack) -> subprocess.Popen[str]:
    """`career-bot jobs run deliver` in its own OS process, against the fake Slack."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": fake.bot_token,
        "SLACK_API_URL": fake.api_url,
        "SLACK_HISTORY_CHECK": "on",  # the scenario looks lost answers up (outbox_faults.py)
    }
    for unwanted in ("SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        env.pop(unwanted, None)
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "jobs", "run", "deliver"],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _count(engine: Engine, state: str) -> int:
    with Session(engine) as session:
        return session.exec(
            select(func.count()).select_from(Delivery).where(col(Delivery.state) == state)
        ).one()


def _wait(condition: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def kill_phase(
    engine: Engine, database_url: str, fake: FakeSlack, *, kills: int, parallel: int
) -> int:
    """SIGKILL `kills` dispatcher processes, each right after it claimed; returns the kills."""
    done = 0
    try:
        while done < kills:
            # Each process's first send waits in Slack, unanswered, until all are killed.
            fake.hold("chat.postMessage")
            done += _kill_round(engine, database_url, fake, min(parallel, kills - done))
            # Slack acts on the sends in flight (a lease outlasts any request), then the
            # leases expire: the next dispatcher's reap requeues them.
            fake.release()
            fake.wait_answered()
            expired = datetime.now(UTC) + Policy().lease + timedelta(seconds=1)
            with session_scope(engine, immediate=True) as session:
                reap(session=session, now=expired)
    finally:
        fake.clear_faults()
    return done


def _kill_round(engine: Engine, database_url: str, fake: FakeSlack, count: int) -> int:
    sent = _count(engine, "sent")
    group = [dispatcher_process(database_url, fake) for _ in range(count)]

    def all_claimed_and_sending() -> bool:
        # Only rows of this round's processes are leased (the previous ones' leases were
        # reaped), each holds a batch either leased or sent since, and each has a send in
        # flight (Slack holds it there until the kills are done: none can finish first).
        claimed = _count(engine, "leased") + _count(engine, "sent") - sent
        return claimed >= BATCH * count and fake.in_flight >= count

    killed = 0
    try:
        _wait(all_claimed_and_sending, timeout=180, what=f"{count} dispatchers to claim")
    finally:
        ended = []
        for process in group:
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                killed += 1
            out, err = process.communicate(timeout=30)
            if process.returncode != -signal.SIGKILL:
                ended.append(f"exit {process.returncode}: {out[-300:]} {err[-600:]}")
        assert not ended, f"a dispatcher ended before its kill: {ended}"
    return killed
