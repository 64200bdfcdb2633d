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

The interaction payloads are built in `slack_interactions.py` and the parts every request shares
(ids, signature, form encoding) are in `slack_request_parts.py`; all are importable from here.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import zlib
from typing import Any
from urllib.parse import urlencode

from tests.support import slack_request_parts as parts
from tests.support.slack_interactions import (
    _view_payload,
    block_actions,
    view_closed,
    view_object,
    view_submission,
)
from tests.support.slack_request_parts import (
    API_APP_ID,
    TEAM_DOMAIN,
    VERIFICATION_TOKEN,
    _form_payload,
    _team,
    _user,
    sign,
    sign_raw,
)

__all__ = [
    "API_APP_ID",
    "OMITTED",
    "TEAM_DOMAIN",
    "VERIFICATION_TOKEN",
    "_form_payload",
    "_team",
    "_user",
    "_view_payload",
    "app_home_opened",
    "block_actions",
    "event_callback",
    "post",
    "sign",
    "sign_raw",
    "slash_command",
    "view_closed",
    "view_object",
    "view_submission",
]

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


def slash_command(
    text: str = "",
    *,
    user_id: str,
    team_id: str,
    trigger_id: str,
    command: str = "/career-prep",
    channel_id: str = "C0GENERAL1",
    channel_name: str = "general",
    enterprise_id: str | None = None,
    org_wide: bool = False,
) -> bytes:
    """A slash command POST body (form-encoded, flat fields); on Enterprise Grid it names the
    org too, and says whether the app was installed org-wide."""
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
        "is_enterprise_install": "true" if org_wide else "false",
        "response_url": f"{parts.HOOKS_BASE}/commands/{team_id}/1234/abcd",
        "trigger_id": trigger_id,
    }
    if enterprise_id is not None:
        fields |= {"enterprise_id": enterprise_id, "enterprise_name": "Org"}
    return urlencode(fields).encode()


def event_callback(
    event: dict[str, Any],
    *,
    team_id: str,
    event_id: str | None = None,
    api_app_id: str = API_APP_ID,
    bot_user_id: str = "U0BOT00001",
    event_time: int = 1700000000,
    enterprise_id: str | None = None,
    org_wide: bool = False,
) -> bytes:
    """An Events API `event_callback` envelope (JSON). On Enterprise Grid it names the org
    (`enterprise_id`); for an org-wide install its authorization has no team, only the org."""
    body = {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "enterprise_id": enterprise_id,
        "api_app_id": api_app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev0{zlib.crc32(json.dumps(event, sort_keys=True).encode()):010d}",
        "event_time": event_time,
        "authorizations": [
            {
                "enterprise_id": enterprise_id,
                "team_id": None if org_wide else team_id,
                "user_id": bot_user_id,
                "is_bot": True,
                "is_enterprise_install": org_wide,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": f"4-eyJldCI6ImFwcF9ob21lX29wZW5lZCIsInRpZCI6Ij{team_id}",
    }
    return json.dumps(body).encode()


def user_change(user: dict[str, Any], *, team_id: str, event_time: int) -> bytes:
    """A `user_change` event_callback: Slack sends the whole changed user (as users.info)."""
    event = {
        "type": "user_change",
        "user": user,
        "cache_ts": event_time,
        "event_ts": f"{event_time}.000100",
    }
    return event_callback(event, team_id=team_id, event_time=event_time)


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
