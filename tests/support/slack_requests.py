"""Builders of what Slack sends to the app, in Slack's shapes, and a signed HTTP `post`.

Field sets follow java-slack-sdk json-logs samples (slack-reference/java-slack-sdk-json-logs/
app-backend/{slash-commands,views,interactive-components}, events/AppHomeOpenedPayload.json)
with realistic values. Left out on purpose (the samples are a superset of every field ever
seen): `enterprise`/`enterprise_id`/`enterprise_name` details (we are not an Enterprise Grid
install: `enterprise` is null, `is_enterprise_install` false), `function_data`,
`interactivity` and `bot_access_token` (workflow functions only), `app_unfurl` (unfurls only),
and for block_actions the `channel`/`message`/`response_url` of a message container when the
action came from a view (and `view` when it came from a message). `OMITTED` lists them for the
conformance test.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import zlib
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

API_APP_ID = "A0APP00001"
TEAM_DOMAIN = "acme"
VERIFICATION_TOKEN = "Jhj5dZrVaK7ZwHHjRyZWjbDl"  # legacy field Slack still sends; unused
# Where response_urls point. The fake_slack fixture points them at the fake, which records
# what the app posts there as calls to `response_url`.
HOOKS_BASE = "https://hooks.slack.com"

# Keys of the java-sdk samples we leave out, per payload kind (see the module docstring).
OMITTED: dict[str, frozenset[str]] = {
    "slash_command": frozenset({"enterprise_id", "enterprise_name"}),
    "block_actions": frozenset(
        {"function_data", "interactivity", "bot_access_token", "app_unfurl"}
    ),
    "view_submission": frozenset({"function_data", "interactivity", "bot_access_token"}),
    "view_closed": frozenset({"function_data", "interactivity", "bot_access_token"}),
    "event_callback": frozenset({"enterprise_id", "authed_teams", "authed_users"}),
}


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


def slash_command(
    text: str = "",
    *,
    user_id: str,
    team_id: str,
    trigger_id: str,
    command: str = "/career-prep",
    channel_id: str = "C0GENERAL1",
    channel_name: str = "general",
) -> bytes:
    """A slash command POST body (form-encoded, flat fields)."""
    fields = {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "team_domain": TEAM_DOMAIN,
        "channel_id": channel_id,
        "channel_name": channel_name,
        "user_id": user_id,
        "user_name": user_id.lower(),
        "command": command,
        "text": text,
        "api_app_id": API_APP_ID,
        "is_enterprise_install": "false",
        "response_url": f"{HOOKS_BASE}/commands/{team_id}/1234/abcd",
        "trigger_id": trigger_id,
    }
    return urlencode(fields).encode()


def view_object(
    view_id: str,
    *,
    team_id: str,
    callback_id: str = "",
    private_metadata: str = "",
    values: dict[str, Any] | None = None,
    blocks: list[dict[str, Any]] | None = None,
    view_type: str = "modal",
) -> dict[str, Any]:
    """A view as Slack embeds it in interaction payloads."""
    view: dict[str, Any] = {
        "id": view_id,
        "team_id": team_id,
        "type": view_type,
        "blocks": blocks or [],
        "private_metadata": private_metadata,
        "callback_id": callback_id,
        "external_id": "",
        "state": {"values": values or {}},
        "hash": "1700000000.abcdef12",
        "clear_on_close": False,
        "notify_on_close": False,
        "submit_disabled": False,
        "root_view_id": view_id,
        "previous_view_id": None,
        "app_id": API_APP_ID,
        "app_installed_team_id": team_id,
        "bot_id": "B0BOT00001",
    }
    if view_type == "modal":
        view["title"] = {"type": "plain_text", "text": "Career prep", "emoji": True}
        view["submit"] = {"type": "plain_text", "text": "Save", "emoji": True}
        view["close"] = {"type": "plain_text", "text": "Cancel", "emoji": True}
    return view


def block_actions(
    *,
    user_id: str,
    team_id: str,
    action_id: str,
    trigger_id: str,
    value: str | None = None,
    block_id: str = "actions",
    action_type: str = "button",
    view: dict[str, Any] | None = None,
    container: dict[str, Any] | None = None,
    channel_id: str = "D0EMPLOYEE",
    message: dict[str, Any] | None = None,
) -> bytes:
    """A block_actions interaction body (form `payload=<json>`), from a view or a message."""
    action: dict[str, Any] = {
        "action_id": action_id,
        "block_id": block_id,
        "type": action_type,
        "action_ts": "1700000001.000200",
    }
    if value is not None:
        action["value"] = value
    if action_type == "button":
        action["text"] = {"type": "plain_text", "text": "Go", "emoji": True}
    payload: dict[str, Any] = {
        "type": "block_actions",
        "enterprise": None,
        "team": _team(team_id),
        "user": _user(user_id, team_id),
        "api_app_id": API_APP_ID,
        "token": VERIFICATION_TOKEN,
        "trigger_id": trigger_id,
        "state": {"values": {}},
        "actions": [action],
        "is_enterprise_install": False,
    }
    if view is not None:
        payload["view"] = view
        payload["container"] = container or {"type": "view", "view_id": view["id"]}
        payload["state"] = view.get("state", {"values": {}})
    else:
        ts = (message or {}).get("ts", "1700000000.000100")
        payload["container"] = container or {
            "type": "message",
            "message_ts": ts,
            "channel_id": channel_id,
            "is_ephemeral": False,
        }
        payload["channel"] = {"id": channel_id, "name": "directmessage"}
        payload["message"] = message or {"type": "message", "ts": ts, "text": "", "blocks": []}
        payload["response_url"] = f"{HOOKS_BASE}/actions/{team_id}/1234/abcd"
    return _form_payload(payload)


def view_submission(
    *,
    user_id: str,
    team_id: str,
    callback_id: str,
    values: dict[str, Any],
    private_metadata: str = "",
    view_id: str = "V0MODAL001",
    trigger_id: str = "1000001.4000000001.0123456789abcdef",
    blocks: list[dict[str, Any]] | None = None,
) -> bytes:
    """A view_submission body; `values` is state.values: {block_id: {action_id: {...}}}."""
    view = view_object(
        view_id,
        team_id=team_id,
        callback_id=callback_id,
        private_metadata=private_metadata,
        values=values,
        blocks=blocks,
    )
    return _form_payload(_view_payload("view_submission", user_id, team_id, view, trigger_id))


def view_closed(
    *,
    user_id: str,
    team_id: str,
    callback_id: str,
    private_metadata: str = "",
    view_id: str = "V0MODAL001",
    is_cleared: bool = False,
    values: dict[str, Any] | None = None,
) -> bytes:
    """A view_closed body (sent only for views opened with notify_on_close).

    Slack sends the view's state as it was when closed: `values` is that `state.values`.
    """
    view = view_object(
        view_id,
        team_id=team_id,
        callback_id=callback_id,
        private_metadata=private_metadata,
        values=values,
    )
    view["notify_on_close"] = True
    payload = _view_payload("view_closed", user_id, team_id, view, None)
    payload["is_cleared"] = is_cleared
    return _form_payload(payload)


def _view_payload(
    kind: str, user_id: str, team_id: str, view: dict[str, Any], trigger_id: str | None
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "type": kind,
        "enterprise": None,
        "team": _team(team_id),
        "user": _user(user_id, team_id),
        "api_app_id": API_APP_ID,
        "token": VERIFICATION_TOKEN,
        "view": view,
        "is_enterprise_install": False,
        "is_cleared": False,
    }
    if trigger_id is not None:
        payload["trigger_id"] = trigger_id
        payload["response_urls"] = []
    return payload


def event_callback(
    event: dict[str, Any],
    *,
    team_id: str,
    event_id: str | None = None,
    api_app_id: str = API_APP_ID,
    bot_user_id: str = "U0BOT00001",
    event_time: int = 1700000000,
) -> bytes:
    """An Events API `event_callback` envelope (JSON)."""
    body = {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "api_app_id": api_app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev0{zlib.crc32(json.dumps(event, sort_keys=True).encode()):010d}",
        "event_time": event_time,
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team_id,
                "user_id": bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": f"4-eyJldCI6ImFwcF9ob21lX29wZW5lZCIsInRpZCI6Ij{team_id}",
    }
    return json.dumps(body).encode()


def app_home_opened(
    user_id: str, *, team_id: str, tab: str = "home", view: dict[str, Any] | None = None
) -> dict[str, Any]:
    """An app_home_opened event (the `event` of an event_callback)."""
    event: dict[str, Any] = {
        "type": "app_home_opened",
        "user": user_id,
        "channel": f"D0{user_id.lstrip('UW')[:8].upper():0>8}",
        "tab": tab,
        "event_ts": "1700000000.000300",
    }
    if view is not None:
        event["view"] = view
    return event


def post(
    url: str,
    body: bytes,
    *,
    secret: str,
    content_type: str | None = None,
    timestamp: int | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """POST a signed body over real HTTP; 4xx/5xx are returned, not raised."""
    if content_type is None:
        content_type = (
            "application/json" if body[:1] == b"{" else "application/x-www-form-urlencoded"
        )
    all_headers = {"Content-Type": content_type, **sign(body, secret, timestamp=timestamp)}
    all_headers.update(headers or {})
    request = urllib.request.Request(url, data=body, headers=all_headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read()
