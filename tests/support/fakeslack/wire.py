"""The fake Slack's wire: what a call is, how an answer is shaped, and how a request is read."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

from tests.support.fakeslack.errors import SlackError

RESPONSE_URL = "response_url"  # how posts to an interaction's response_url are recorded


@dataclass
class Call:
    """One request the fake received, as parsed, and what it answered."""

    method: str
    args: dict[str, Any]
    ok: bool
    error: str | None
    response: dict[str, Any]
    status: int
    token: str | None = None


@dataclass
class _Answer:
    status: int
    body: dict[str, Any] | None  # None: drop the connection without answering
    headers: dict[str, str]


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.server.fake._serve(self)  # type: ignore[attr-defined]

    def do_GET(self) -> None:
        self.server.fake._serve(self)  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    # socketserver listens with a backlog of 5; Slack does not reset a burst of calls.
    request_queue_size = 128


def _ok(body: dict[str, Any]) -> _Answer:
    return _Answer(200, {"ok": True, **body} if "ok" not in body else body, {})


def _ratelimited(retry_after: int) -> _Answer:
    # python-slack-sdk docs/web.md "Rate limits": HTTP 429 with a Retry-After header.
    return _Answer(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(retry_after)})


def _basic_auth(header: str) -> dict[str, str]:
    """client_id and client_secret sent as HTTP Basic auth (how slack_sdk calls oauth.v2.access)."""
    if not header.startswith("Basic "):
        return {}
    try:
        decoded = base64.b64decode(header.removeprefix("Basic ").strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise SlackError("invalid_client_id", "malformed Basic auth header") from None
    client_id, _, client_secret = decoded.partition(":")
    return {"client_id": client_id, "client_secret": client_secret}


def _parse_body(raw: bytes, content_type: str) -> dict[str, Any]:
    if not raw:
        return {}
    text = raw.decode("utf-8")
    if content_type.startswith("application/json"):
        try:
            body = json.loads(text)
        except json.JSONDecodeError as error:
            raise SlackError("invalid_json", f"body is not JSON: {error}") from error
        if not isinstance(body, dict):
            raise SlackError("invalid_json", "body is not a JSON object")
        return body
    return dict(parse_qsl(text, keep_blank_values=True))


def _summary(call: Call) -> str:
    outcome = "ok" if call.ok else f"{call.error} (HTTP {call.status})"
    return f"{call.method}: {outcome}"
