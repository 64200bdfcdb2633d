"""`career-bot serve --workers 3`: one worker of the replica runs the jobs, and if it dies,
another of the same replica takes over (issue 13: one scheduler per replica)."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.server import scheduler_lock_path
from tests.support.app_server import SIGNING_SECRET
from tests.support.fakeslack import FakeSlack

RUNS = re.compile(r"worker (\d+) runs the jobs")
TOOK_OVER = re.compile(r"worker (\d+) took over the jobs")
STANDING_BY = re.compile(r"worker (\d+): standing by to run the jobs")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def replica(settings: Settings, fake_slack: FakeSlack, tmp_path: Path) -> Iterator[tuple]:
    """One `serve` replica with three workers and the scheduler on; its log as a file."""
    log = tmp_path / "serve.log"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SLACK_")},
        "DATABASE_URL": settings.database_url,
        "SLACK_API_URL": settings.slack_api_url,
        "SLACK_BOT_TOKEN": settings.bot_token or "",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "LOG_LEVEL": "INFO",
    }
    command = [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1"]
    command += ["--port", str(_free_port()), "--workers", "3", "--threads", "2"]
    with log.open("w") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield process, log
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=20)


def _wait_for(what: str, check: Callable[[], bool], process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if check():
            return
        if process.poll() is not None:
            raise AssertionError(f"serve exited early:\n{log.read_text()}")
        time.sleep(0.05)
    raise AssertionError(f"never saw {what}:\n{log.read_text()}")


def _pids(pattern: re.Pattern[str], log: Path) -> list[int]:
    return [int(pid) for pid in pattern.findall(log.read_text())]


def test_one_worker_runs_the_jobs_and_another_takes_over_when_it_dies(replica: tuple) -> None:
    process, log = replica

    def loaded() -> int:
        return len(_pids(RUNS, log)) + len(_pids(STANDING_BY, log))

    # Each of the three workers has loaded the app and asked for the lock.
    _wait_for("three workers load the app", lambda: loaded() >= 3, process, log)
    running, standing_by = _pids(RUNS, log), _pids(STANDING_BY, log)
    assert len(running) == 1, log.read_text()
    assert len(standing_by) == 2 and running[0] not in standing_by, log.read_text()
    assert scheduler_lock_path(process.pid).exists()

    os.kill(running[0], signal.SIGKILL)

    def holders() -> list[int]:
        return _pids(RUNS, log) + _pids(TOOK_OVER, log)

    _wait_for("another worker take the jobs", lambda: len(holders()) >= 2, process, log)
    # Gunicorn replaces the killed worker, which asks for the lock too.
    _wait_for("the replacement worker load the app", lambda: loaded() >= 4, process, log)
    assert len(holders()) == 2, log.read_text()
    # Normally a waiting worker takes over; should the replacement win the freed lock first,
    # that is one scheduler all the same. Never the dead worker, never two.
    assert holders()[1] != running[0]
    assert holders()[1] in standing_by or _pids(TOOK_OVER, log) == [], log.read_text()

    process.terminate()
    process.wait(timeout=20)
    assert not scheduler_lock_path(process.pid).exists(), "the master removes its lock file"
