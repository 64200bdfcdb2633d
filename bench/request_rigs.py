"""The processes `bench_requests` and `bench_memory` send to: the bot and the bare Bolt app,
each over HTTP (gunicorn, 2 workers) or Socket Mode, each with a Slack fake of its own.

A rig's `send(user)` delivers one signed `/career-prep` from `user` and returns whether it
was acknowledged and how long the ack took (HTTP: the response; Socket Mode: the envelope's
ack on the WebSocket). The fake's `views.open` calls are counted afterwards: a command whose
modal never opened is an error even if it was acknowledged.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl

from tests.support import slack_requests
from tests.support.app_server import SIGNING_SECRET
from tests.support.fakeslack import FakeSlack
from tests.support.processes import free_port, wait_healthy

ROOT = Path(__file__).resolve().parent.parent
TEAM = "T0TEST0001"
ACK_TIMEOUT = 10.0


@dataclass
class Rig:
    name: str
    fake: FakeSlack
    send: Callable[[str], tuple[bool, float]]
    pids: Callable[[], list[int]]  # the processes that serve requests (gunicorn's workers)
    url: str = ""  # HTTP only: where Slack POSTs


def _env(fake: FakeSlack, database_url: str) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("SLACK_")},
        "DATABASE_URL": database_url,
        "SLACK_API_URL": fake.api_url,
        "SLACK_BOT_TOKEN": fake.bot_token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_APP_TOKEN": fake.app_token,
        "LOG_LEVEL": "WARNING",
    }


@contextmanager
def _process(argv: list[str], env: dict[str, str]) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(
        argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def children(pid: int) -> list[int]:
    """gunicorn's workers: the master's children."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _command(fake: FakeSlack, user: str) -> bytes:
    return slack_requests.slash_command(
        "", user_id=user, team_id=TEAM, trigger_id=fake.issue_trigger_id()
    )


@contextmanager
def http_rig(bot: bool, database_url: str, *, workers: int = 2) -> Iterator[Rig]:
    """`career-bot serve` (bot) or the bare app on gunicorn with the same workers and threads."""
    with FakeSlack() as fake:
        port = free_port()
        if bot:
            argv = [sys.executable, "-m", "bot", "serve", "--no-scheduler"]
            argv += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
        else:
            argv = [sys.executable, "-m", "gunicorn", "-k", "gthread", "--threads", "8"]
            argv += ["-w", str(workers), "-b", f"127.0.0.1:{port}", "bench.bare_bolt:wsgi()"]
        with _process(argv, _env(fake, database_url)) as process:
            url = f"http://127.0.0.1:{port}"
            if bot:
                wait_healthy(url, process)
            else:
                _wait_listening(port, process)
            while len(children(process.pid)) < workers:
                time.sleep(0.05)

            def send(user: str) -> tuple[bool, float]:
                body = _command(fake, user)
                started = time.perf_counter()
                try:
                    status, _, _ = slack_requests.post(
                        url + "/slack/events", body, secret=SIGNING_SECRET
                    )
                except OSError:
                    return False, time.perf_counter() - started
                return status == 200, time.perf_counter() - started

            name = f"HTTP {'bot' if bot else 'bare'}"
            yield Rig(name, fake, send, lambda: children(process.pid), url + "/slack/events")


@contextmanager
def socket_rig(bot: bool, database_url: str) -> Iterator[Rig]:
    """`career-bot run` (bot) or the bare app, connected to its fake's Socket Mode server."""
    with FakeSlack() as fake:
        server = fake.serve_socket_mode()
        argv = [sys.executable, "-m", *(("bot", "run") if bot else ("bench.bare_bolt",))]
        with _process(argv, _env(fake, database_url)) as process:
            try:
                server.wait_connected(timeout=60)
            except AssertionError:
                process.kill()
                raise AssertionError(f"no connection: {process.communicate()[1]}") from None

            def send(user: str) -> tuple[bool, float]:
                payload = dict(parse_qsl(_command(fake, user).decode()))
                started = time.perf_counter()
                try:
                    server.send("slash_commands", payload, timeout=ACK_TIMEOUT)
                except AssertionError:
                    return False, time.perf_counter() - started
                return True, time.perf_counter() - started

            yield Rig(f"Socket Mode {'bot' if bot else 'bare'}", fake, send, lambda: [process.pid])


def _wait_listening(port: int, process: subprocess.Popen[str]) -> None:
    import socket

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"exited early: {process.communicate()[1]}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError("never listened")
