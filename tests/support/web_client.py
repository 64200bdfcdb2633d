"""The real slack_sdk WebClient on the fake Slack (no retries), for the fake's own tests: a
section block to send, and calls expected to be refused."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.support.fakeslack import FakeSlack

SECTION = {"type": "section", "text": {"type": "mrkdwn", "text": "Hello *Ada*"}}


def client(fake: FakeSlack, token: str | None = None) -> WebClient:
    return WebClient(token=token or fake.bot_token, base_url=fake.api_url, retry_handlers=[])


def rejected(fake: FakeSlack, method: str, **kwargs: Any) -> tuple[str, list[str]]:
    """Call `method` expecting Slack to refuse; returns the error and the violations."""
    with pytest.raises(SlackApiError) as raised:
        client(fake).api_call(method, json=kwargs)
    return raised.value.response["error"], fake.take_violations()
