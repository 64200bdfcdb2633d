"""The fault phase of the outbox-under-faults scenario (outbox_faults.py): dispatchers draining
at once under a mix of 429s, 503s and dropped connections, on a faster clock; then clean runs."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.outbox.dispatch import drain
from bot.outbox.policy import Policy
from bot.outbox.report import Report
from bot.slack.client import one_client, outbox_client
from tests.support.fakeslack import FakeSlack
from tests.support.outbox_owed import LOOKING

SCALE = 600.0  # the fault phase: ten minutes pass each second
# A lease long against the phase's scaled time (six hours are 36 s), as five minutes are against
# a 10-second request: a busy machine must not let one thread's lease expire under it.
FAULT_POLICY = Policy(lease=timedelta(hours=6), history_check=True)


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
        drain(engine, client, clock=_stopped(after + run * apart), policy=LOOKING)


def _stopped(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment
