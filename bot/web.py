"""The HTTP entry point (WSGI): `POST /slack/events`, `GET /healthz`, and in OAuth mode
`GET /slack/install` and `GET /slack/oauth_redirect`."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.deps import VERIFIED
from bot.schema import SchemaOutOfDate, check_current

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
# Slack's biggest payloads are view submissions (a view is at most 250 kB) plus the envelope.
MAX_BODY_BYTES = 1024 * 1024
# Commands and interactivity come as forms, events as JSON.
SLACK_MEDIA_TYPES = ("application/x-www-form-urlencoded", "application/json")
MAX_TS_DIGITS = 12  # seconds since 1970: ten digits until the year 2286

logger = logging.getLogger(__name__)

_REASONS = {
    200: "OK",
    302: "Found",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    411: "Length Required",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


class WebApp:
    """Routes the two paths; everything else is a 404. Malformed requests get a 4xx."""

    def __init__(self, app: App, *, engine: Engine, signing_secret: str) -> None:
        self._app = app
        self._engine = engine
        self._verifier = SignatureVerifier(signing_secret)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
        if path == HEALTH_PATH:
            if method not in ("GET", "HEAD"):
                return _reply(start_response, 405, {"error": "use GET"}, allow="GET, HEAD")
            return self._health(start_response)
        if path == EVENTS_PATH:
            if method != "POST":
                return _reply(start_response, 405, {"error": "use POST"}, allow="POST")
            return self._slack(environ, start_response)
        flow = self._app.oauth_flow
        if flow is not None and path in (flow.install_path, flow.redirect_uri_path):
            if method not in ("GET", "HEAD"):
                return _reply(start_response, 405, {"error": "use GET"}, allow="GET, HEAD")
            request = BoltRequest(
                body="", query=environ.get("QUERY_STRING", ""), headers=_headers(environ)
            )
            if path == flow.install_path:
                return _from_bolt(start_response, flow.handle_installation(request))
            return _from_bolt(start_response, flow.handle_callback(request))
        return _reply(start_response, 404, {"error": "not found"})

    def _health(self, start_response: StartResponse) -> Iterable[bytes]:
        try:
            with self._engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            check_current(self._engine)
        except SchemaOutOfDate as outdated:
            return _reply(start_response, 503, {"ok": False, "error": str(outdated)})
        except SQLAlchemyError:
            logger.warning("Health check could not reach the database", exc_info=True)
            return _reply(start_response, 503, {"ok": False, "error": "database unreachable"})
        return _reply(start_response, 200, {"ok": True})

    def _slack(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        length_header = environ.get("CONTENT_LENGTH") or ""
        if not length_header.isdigit():
            return _reply(start_response, 411, {"error": "Content-Length is required"})
        length = int(length_header)
        if length > MAX_BODY_BYTES:
            return _reply(start_response, 413, {"error": "request body too large"})
        raw = environ["wsgi.input"].read(length)
        headers = _headers(environ)
        # Verified before anything reads the body: Bolt parses first and verifies after, and
        # a verifier that raises (a timestamp that is not an integer) reaches the error
        # handler with the unverified body, whose response_url it would then call.
        if not self._signed(raw, headers):
            return _reply(start_response, 401, {"error": "invalid signature"})
        media_type = str(headers.get("content-type", "")).split(";")[0].strip().lower()
        if media_type not in SLACK_MEDIA_TYPES:
            return _reply(start_response, 415, {"error": "Slack sends forms or JSON"})
        try:
            request = BoltRequest(
                body=raw.decode("utf-8"),
                query=environ.get("QUERY_STRING", ""),
                headers=headers,
                context={VERIFIED: True},
            )
            if not isinstance(request.body, dict):
                raise ValueError("body is not an object")
        except (ValueError, TypeError, AttributeError, KeyError, RecursionError):
            # RecursionError: deeply nested JSON, even when signed, is not Slack's.
            return _reply(start_response, 400, {"error": "invalid request"})
        return _from_bolt(start_response, self._app.dispatch(request))

    def _signed(self, raw: bytes, headers: dict[str, str | Sequence[str]]) -> bool:
        """Whether Slack signed this body in the last five minutes; never raises."""
        timestamp = headers.get("x-slack-request-timestamp")
        signature = headers.get("x-slack-signature")
        if not isinstance(timestamp, str) or not isinstance(signature, str):
            return False
        # int() alone would take " 17", "+17", "1_7" and other digits than ASCII.
        if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= MAX_TS_DIGITS):
            return False
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:  # Slack signs UTF-8 text; slack_sdk cannot verify the rest
            return False
        return self._verifier.is_valid(body=raw, timestamp=timestamp, signature=signature)


def _headers(environ: WSGIEnvironment) -> dict[str, str | Sequence[str]]:
    headers: dict[str, str | Sequence[str]] = {
        key[5:].replace("_", "-").lower(): str(value)
        for key, value in environ.items()
        if key.startswith("HTTP_")
    }
    if environ.get("CONTENT_TYPE"):
        headers["content-type"] = environ["CONTENT_TYPE"]
    return headers


def _from_bolt(start_response: StartResponse, response: BoltResponse) -> Iterable[bytes]:
    body = response.body.encode("utf-8") if isinstance(response.body, str) else response.body
    headers = [(name, value) for name, values in response.headers.items() for value in values]
    headers = [(n, v) for n, v in headers if n.lower() != "content-length"]
    headers.append(("Content-Length", str(len(body))))
    start_response(_status_line(response.status), headers)
    return [body]


def _reply(
    start_response: StartResponse, status: int, payload: dict[str, Any], **extra: str
) -> Iterable[bytes]:
    body = json.dumps(payload).encode("utf-8")
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    headers += [(name.replace("_", "-").title(), value) for name, value in extra.items()]
    start_response(_status_line(status), headers)
    return [body]


def _status_line(status: int) -> str:
    return f"{status} {_REASONS.get(status, 'Unknown')}"
