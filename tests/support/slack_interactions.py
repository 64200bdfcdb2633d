"""Interaction payloads Slack sends the app (form-encoded `payload=`): block actions, view
submissions and closings, and the view object they carry. Shapes: see slack_requests.py."""

from __future__ import annotations

from typing import Any

from tests.support import slack_request_parts as parts
from tests.support.slack_request_parts import (
    API_APP_ID,
    VERIFICATION_TOKEN,
    _form_payload,
    _team,
    _user,
)


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
        payload["response_url"] = f"{parts.HOOKS_BASE}/actions/{team_id}/1234/abcd"
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
