"""`career-bot serve`: the WSGI app on gunicorn, several workers, one scheduler per replica.

Each worker loads the app after the fork. The jobs run in one worker of a replica only: the
worker that holds the replica's scheduler lock (an exclusive `flock` on a file named for the
gunicorn master's pid). The others wait on it in a background thread, so when the worker
running the jobs dies, the operating system frees its lock and one of them takes over. Jobs
are idempotent, so the moment of the hand-over can neither lose nor double a message; one
scheduler per replica just keeps N workers from sweeping the same tables N times.
"""

from __future__ import annotations

import fcntl
import logging
import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from gunicorn.app.base import BaseApplication

logger = logging.getLogger(__name__)


class Server(BaseApplication):  # type: ignore[misc]
    """Gunicorn, configured from our CLI instead of its own command line.

    `load_app` runs in each worker after the fork, so no database connection or thread
    is shared between processes.
    """

    def __init__(self, load_app: Callable[[], Any], options: dict[str, Any]) -> None:
        self._load_app = load_app
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self._load_app()


def scheduler_lock_path(master_pid: int) -> Path:
    """The lock file the workers of the replica whose gunicorn master is `master_pid` share."""
    return Path(tempfile.gettempdir()) / f"career-bot-scheduler-{master_pid}.lock"


def one_scheduler_per_replica(start: Callable[[], None]) -> None:
    """Call `start` in this worker once it holds its replica's scheduler lock.

    Called in each worker (its parent is the gunicorn master). The first worker to ask starts
    at once; the others wait in a daemon thread, and the lock file stays open until the
    worker exits, when the operating system releases the lock.
    """
    path = scheduler_lock_path(os.getppid())
    handle = path.open("a")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        logger.info("worker %d: standing by to run the jobs", os.getpid())
        threading.Thread(
            target=_take_over, args=(handle, start), name="scheduler-lock", daemon=True
        ).start()
        return
    _start(handle, start, "runs the jobs")


def _take_over(handle: IO[str], start: Callable[[], None]) -> None:
    fcntl.flock(handle, fcntl.LOCK_EX)  # blocks while another worker of the replica holds it
    _start(handle, start, "took over the jobs")


_held: list[IO[str]] = []  # the lock's file, open for the life of the worker that holds it


def _start(handle: IO[str], start: Callable[[], None], what: str) -> None:
    _held.append(handle)
    logger.info("worker %d %s (one scheduler per replica)", os.getpid(), what)
    start()


def remove_scheduler_lock(_arbiter: object) -> None:
    """Gunicorn's `on_exit` hook, in the master: its replica's lock file goes with it."""
    scheduler_lock_path(os.getpid()).unlink(missing_ok=True)
