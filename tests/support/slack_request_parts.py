"""What every request Slack sends the app shares: the app and team it names, the legacy
verification token, where response_urls point, the v0 signature, the form-encoded payload."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

API_APP_ID = "A0APP00001"
TEAM_DOMAIN = "acme"
VERIFICATION_TOKEN = "Jhj5dZrVaK7ZwHHjRyZWjbDl"  # legacy field Slack still sends; unused
# Where response_urls point. The fake_slack fixture points them at the fake (by patching this
# name here, where every builder reads it), which records what the app posts there as calls
# to `response_url`.
HOOKS_BASE = "https://hooks.slack.com"


def sign(body: bytes, secret: str, *, timestamp: int | None = None) -> dict[str, str]:
    """Headers Slack adds to a request: X-Slack-Request-Timestamp and X-Slack-Signature."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    assert signature is not None  # None only when body is None
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}


def sign_raw(body: bytes, secret: str, *, timestamp: str) -> str:
    """The v0 signature over any timestamp text, even one Slack would never send."""
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    assert signature is not None
    return signature


def _user(user_id: str, team_id: str) -> dict[str, str]:
    name = user_id.lower()
    return {"id": user_id, "username": name, "name": name, "team_id": team_id}


def _team(team_id: str) -> dict[str, Any]:
    return {"id": team_id, "domain": TEAM_DOMAIN}


def _form_payload(payload: dict[str, Any]) -> bytes:
    return urlencode({"payload": json.dumps(payload)}).encode()
