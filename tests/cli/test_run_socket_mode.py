"""`career-bot run`, the README's command, as a real process talking Socket Mode to the fake."""

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qsl

import pytest

from bot.config import Settings
from tests.support import slack_requests
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE
from tests.support.fakeslack.socket_mode import SocketModeServer


@pytest.fixture
def running(settings: Settings, fake_slack: FakeSlack) -> Iterator[SocketModeServer]:
    socket_mode = fake_slack.serve_socket_mode()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SLACK_")},
        "DATABASE_URL": settings.database_url,
        "SLACK_API_URL": settings.slack_api_url,
        "SLACK_BOT_TOKEN": settings.bot_token or "",
        "SLACK_APP_TOKEN": fake_slack.app_token,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        try:
            socket_mode.wait_connected(timeout=20)
        except AssertionError:
            process.kill()
            raise AssertionError(f"run did not connect: {process.communicate()[1]}") from None
        yield socket_mode
    finally:
        if process.poll() is None:
            process.terminate()
            process.communicate(timeout=15)


def test_run_answers_help_and_publishes_home_over_socket_mode(
    running: SocketModeServer, fake_slack: FakeSlack
) -> None:
    command = dict(
        parse_qsl(
            slack_requests.slash_command(
                "help",
                user_id=EMPLOYEE,
                team_id=fake_slack.team_id,
                trigger_id=fake_slack.issue_trigger_id(),
            ).decode()
        )
    )
    ack = running.send("slash_commands", command)
    assert "/career-prep help`" in json.dumps(ack["payload"]["blocks"])

    event = json.loads(
        slack_requests.event_callback(
            slack_requests.app_home_opened(EMPLOYEE, team_id=fake_slack.team_id),
            team_id=fake_slack.team_id,
        )
    )
    running.send("events_api", event)
    (publish,) = fake_slack.wait_for("views.publish")
    assert publish.args["user_id"] == EMPLOYEE
    assert [c.method for c in fake_slack.calls_to("apps.connections.open")] == [
        "apps.connections.open"
    ]


def test_run_acknowledges_a_burst_of_commands_within_slacks_three_seconds(
    running: SocketModeServer, fake_slack: FakeSlack
) -> None:
    users = [f"U0SOCKET{n:03d}" for n in range(30)]  # first sights, then known people
    for user in users:
        fake_slack.add_user(user, tz="Europe/Paris")

    def command(user: str) -> dict[str, str]:
        return dict(
            parse_qsl(
                slack_requests.slash_command(
                    "",
                    user_id=user,
                    team_id=fake_slack.team_id,
                    trigger_id=fake_slack.issue_trigger_id(),
                ).decode()
            )
        )

    def send(start: threading.Barrier, user: str) -> float:
        payload = command(user)
        start.wait()
        began = time.monotonic()
        running.send("slash_commands", payload, timeout=3.0)  # raises without an ack
        return time.monotonic() - began

    for _ in range(2):
        start = threading.Barrier(len(users))
        with ThreadPoolExecutor(max_workers=len(users)) as pool:
            took = list(pool.map(send, [start] * len(users), users))
        assert max(took) < 3.0
    fake_slack.wait_for("views.open", count=2 * len(users), timeout=20)
