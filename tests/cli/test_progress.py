"""Progress of `career-bot org import`: a bar on a terminal that says when it waits out a Slack
rate limit, and nothing of it when stderr is not a terminal."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from bot.config import Settings
from tests.support.fakeslack import FakeSlack
from tests.support.org_csv import HEADER, import_org

FILE = HEADER + "ada@example.com,grace@example.com,Core\n"


def _run_on_a_terminal(args: list[str]) -> tuple[int, str]:
    """Run `career-bot` with stderr on a pseudo-terminal; its exit code and what it drew."""
    leader, follower = pty.openpty()
    # A new pseudo-terminal is 0 columns wide, where tqdm draws nothing; a real one is not.
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=follower,
        env=os.environ,
    )
    os.close(follower)
    drawn = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the process closed the terminal
                break
            if not chunk:
                break
            drawn += chunk
        elif process.poll() is not None:
            break
    os.close(leader)
    process.communicate(timeout=30)
    return process.wait(timeout=30), drawn.decode("utf-8", "replace")


def test_on_a_terminal_a_bar_shows_the_rate_limit_wait(
    slack_env: Settings, fake_slack: FakeSlack, csv_file: Path
) -> None:
    csv_file.write_text(FILE, encoding="utf-8")
    fake_slack.inject("users.lookupByEmail", "ratelimited", times=1, retry_after=0)
    code, drawn = _run_on_a_terminal(["org", "import", str(csv_file), "--dry-run"])
    assert code == 0, drawn
    assert "Matching emails to Slack accounts" in drawn
    assert "Slack rate limit: waiting" in drawn
    assert "2/2" in drawn
    assert "retry handler" not in drawn  # slack_sdk's log line would break the bar
    assert len(fake_slack.calls_to("users.lookupByEmail")) == 3


def test_off_a_terminal_nothing_of_the_progress_is_printed(
    slack_env: Settings, fake_slack: FakeSlack, csv_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_slack.inject("users.lookupByEmail", "ratelimited", times=1, retry_after=0)
    assert import_org(csv_file, FILE, "--dry-run") == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert "Matching" not in out and "rate limit" not in out
    assert len(fake_slack.calls_to("users.lookupByEmail")) == 3
