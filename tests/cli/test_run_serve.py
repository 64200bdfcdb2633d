"""`career-bot serve` as a real process on gunicorn, pointed at the fake Slack."""

import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator

import pytest

from bot.config import Settings
from tests.support import slack_requests
from tests.support.app_server import SIGNING_SECRET
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE
from tests.support.processes import free_port, wait_healthy


@pytest.fixture
def served(settings: Settings) -> Iterator[str]:
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SLACK_")},
        "DATABASE_URL": settings.database_url,
        "SLACK_API_URL": settings.slack_api_url,
        "SLACK_BOT_TOKEN": settings.bot_token or "",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bot",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "--threads",
            "4",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process)
        yield url
    finally:
        process.terminate()
        process.communicate(timeout=15)


def test_serve_answers_health_and_help_over_signed_http(served: str, fake_slack: FakeSlack) -> None:
    with urllib.request.urlopen(served + "/healthz", timeout=5) as response:
        assert json.loads(response.read()) == {"ok": True}
    body = slack_requests.slash_command(
        "help",
        user_id=EMPLOYEE,
        team_id=fake_slack.team_id,
        trigger_id=fake_slack.issue_trigger_id(),
    )
    status, _, raw = slack_requests.post(served + "/slack/events", body, secret=SIGNING_SECRET)
    assert status == 200
    assert "/career-prep help`" in json.dumps(json.loads(raw)["blocks"])
    status, _, _ = slack_requests.post(served + "/slack/events", body, secret="forged")
    assert status == 401
    assert fake_slack.calls_to("auth.test"), "serve checks its token with Slack at start"
