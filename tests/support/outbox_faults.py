"""The outbox under faults and `kill -9`: a scenario shared by the tests and the benchmark.

1. Owe `rows` messages to `people` recipients.
2. Kill phase: `kills` times, a real dispatcher process (`career-bot jobs run deliver`) is
   killed with SIGKILL right after it has claimed a batch, `parallel` at a time. Slack holds
   their sends unanswered meanwhile, so each dies holding its claim with its first send in
   flight (which Slack then posts: its row must be found, not sent again). Its leases are then
   left to expire, and the next dispatcher reaps them: the same rows are claimed, and lost,
   again and again.
3. Fault phase: `dispatchers` dispatchers drain at once, in threads, for `fault_minutes` of
   time running `SCALE` times faster, while Slack answers 30% of the calls (sends and look-ups
   alike) with a 429, 10% with a 503 and drops 7% of connections, half of them after acting.
4. The faults stop; `clean_runs` ordinary `deliver` runs follow, each after every lease of
   the fault phase expired.

Then each row is counted against what Slack holds: lost (not in Slack), duplicated (in Slack
more than once), stuck (still pending or leased), and the rows left to a person.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.config import Settings
from bot.db import session_scope
from bot.models import Delivery
from bot.outbox.claim import reap
from bot.outbox.dispatch import drain
from bot.outbox.enqueue import Outgoing, enqueue_many
from bot.outbox.policy import Policy
from bot.outbox.report import Report
from bot.services.workspaces.registry import ensure_workspace
from bot.slack.client import one_client, outbox_client
from tests.support.fakeslack import FakeSlack
from tests.support.slack_reference import REPO_ROOT

SCALE = 600.0  # the fault phase: ten minutes pass each second
# Each dispatcher process claims this many rows at once (Policy().batch_size).
BATCH = Policy().batch_size
# A lease long against the phase's scaled time (six hours are 36 s), as five minutes are against
# a 10-second request: a busy machine must not let one thread's lease expire under it.
FAULT_POLICY = Policy(lease=timedelta(hours=6))


@dataclass
class Tally:
    tried: int
    lost: int  # not in Slack at the end
    duplicated: int  # in Slack more than once
    stuck: int  # still pending or leased at the end
    unknown: int  # left to a person: Slack could not tell
    dead: int
    kills: int
    posts: int  # chat.postMessage calls Slack received

    def line(self) -> str:
        return (
            f"tried {self.tried}, lost {self.lost}, duplicated {self.duplicated}, "
            f"stuck {self.stuck} (unknown {self.unknown}, dead {self.dead}; "
            f"{self.kills} kill -9, {self.posts} chat.postMessage calls)"
        )


def recipient(i: int, people: int) -> str:
    return f"U0FLT{i % people:05d}"


def owe(engine: Engine, fake: FakeSlack, rows: int, *, people: int, now: datetime) -> None:
    for i in range(min(rows, people)):
        fake.add_user(recipient(i, people))
    with session_scope(engine) as session:
        workspace = ensure_workspace(session=session, slack_team_id=fake.team_id, now=now)
        assert workspace.id is not None
        messages = [
            Outgoing(workspace.id, recipient(i, people), "fault", f"p{i}", f"message {i}", now)
            for i in range(rows)
        ]
        enqueue_many(session=session, messages=messages, now=now)


def dispatcher_process(database_url: str, fake: FakeSlack) -> subprocess.Popen[str]:
    """`career-bot jobs run deliver` in its own OS process, against the fake Slack."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": fake.bot_token,
        "SLACK_API_URL": fake.api_url,
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


def inject_fault_mix(fake: FakeSlack, seed: int) -> None:
    """30% 429 (Retry-After 1 s), 10% 503, 7% dropped (half after Slack acted), on every call.

    The fake tries its rules in order; each one's probability is of the calls the earlier
    rules let through.
    """
    fake.inject("*", "ratelimited", probability=0.30, seed=seed, retry_after=1)
    fake.inject("*", "server_error", probability=0.10 / 0.70, seed=seed + 1, status=503)
    fake.inject("*", "drop", probability=0.035 / 0.60, seed=seed + 2)
    fake.inject("*", "drop_after", probability=0.035 / 0.565, seed=seed + 3)


def fault_phase(
    engine: Engine,
    fake: FakeSlack,
    settings: Settings,
    *,
    origin: datetime,
    minutes: float,
    dispatchers: int,
    seed: int,
    faults: bool = True,
) -> datetime:
    """`dispatchers` drains at once under the fault mix, on a clock SCALE times faster.

    Returns that clock's time when the last one finished: on a slow machine, well after
    `minutes` (a drain goes on while rows are due).
    """
    started = time.monotonic()

    def clock() -> datetime:
        return origin + timedelta(seconds=(time.monotonic() - started) * SCALE)

    def sleep(seconds: float) -> None:
        time.sleep(seconds / SCALE)

    fake.workspace.wall_clock = lambda: clock().timestamp()  # message ts on the same clock
    if faults:
        inject_fault_mix(fake, seed)
    reports: list[Report] = []
    failures: list[BaseException] = []

    def one() -> None:
        try:
            client = one_client(outbox_client(settings, timeout=5))
            reports.append(
                drain(
                    engine,
                    client,
                    clock=clock,
                    policy=FAULT_POLICY,
                    wait_until=origin + timedelta(minutes=minutes),
                    sleep=sleep,
                )
            )
        except BaseException as error:  # surfaced below, in the caller's thread
            failures.append(error)

    threads = [threading.Thread(target=one) for _ in range(dispatchers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    fake.clear_faults()
    if failures:
        raise failures[0]
    assert not any(t.is_alive() for t in threads), "a dispatcher did not finish"
    assert len(reports) == dispatchers
    return clock()


def clean_runs(engine: Engine, settings: Settings, *, after: datetime, runs: int) -> None:
    """Ordinary `deliver` runs once the faults stopped, each after every lease expired."""
    client = one_client(outbox_client(settings, timeout=5))
    for run in range(1, runs + 1):
        apart = FAULT_POLICY.lease + timedelta(hours=1)
        drain(engine, client, clock=_stopped(after + run * apart))


def _stopped(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment


def tally(engine: Engine, fake: FakeSlack, *, kills: int) -> Tally:
    with Session(engine) as session:
        rows = list(session.exec(select(Delivery)).all())
    posted = Counter(
        m["metadata"]["event_payload"]["delivery_id"]
        for m in fake.messages()
        if (m.get("metadata") or {}).get("event_type")
    )
    return Tally(
        tried=len(rows),
        lost=sum(1 for r in rows if posted[r.id] == 0),
        duplicated=sum(1 for r in rows if posted[r.id] > 1),
        stuck=sum(1 for r in rows if r.state in ("pending", "leased")),
        unknown=sum(1 for r in rows if r.state == "unknown"),
        dead=sum(1 for r in rows if r.state == "dead"),
        kills=kills,
        posts=len(fake.calls_to("chat.postMessage")),
    )


def run(
    engine: Engine,
    database_url: str,
    fake: FakeSlack,
    *,
    rows: int,
    people: int = 100,
    kills: int = 20,
    parallel: int = 4,
    dispatchers: int = 1,
    fault_minutes: float = 60,
    clean: int = 3,
    seed: int = 1,
    faults: bool = True,
) -> Tally:
    settings = Settings(database_url="", slack_api_url=fake.api_url, bot_token=fake.bot_token)
    now = datetime.now(UTC)
    owe(engine, fake, rows, people=people, now=now)
    killed = kill_phase(engine, database_url, fake, kills=kills, parallel=parallel) if kills else 0
    # Past every lease the killed dispatchers held.
    origin = datetime.now(UTC) + Policy().lease + timedelta(minutes=1)
    ended = fault_phase(
        engine,
        fake,
        settings,
        origin=origin,
        minutes=fault_minutes,
        dispatchers=dispatchers,
        seed=seed,
        faults=faults,
    )
    clean_runs(engine, settings, after=ended, runs=clean)
    return tally(engine, fake, kills=killed)
