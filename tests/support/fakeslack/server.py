"""FakeSlack: a loopback HTTP server speaking the Slack Web API to the real slack_sdk client.

Every call is recorded as a `Call`, checked against Slack's rules (methods.py, blockkit.py,
limits.py) and answered as Slack would; calls Slack would reject land in `.violations`.
Faults (429, 5xx, slow, dropped connections, error answers) can be injected per method, and
calls to a method held unanswered until the test releases them.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import random
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Literal
from urllib.parse import parse_qsl, urlsplit

from tests.support.fakeslack.blockkit import check_message_blocks
from tests.support.fakeslack.errors import SlackError
from tests.support.fakeslack.methods import METHODS
from tests.support.fakeslack.socket_mode import SocketModeServer
from tests.support.fakeslack.workspace import APP_ID, Team, Workspace, decode_json_fields

# "drop": the connection drops before Slack acts; "drop_after": Slack acts (a message is
# posted), then the connection drops before the answer, so the caller cannot tell.
FaultKind = Literal["ratelimited", "server_error", "slow", "drop", "drop_after", "error"]
HOLD_LIMIT = 120.0  # seconds a held call waits for `release()` at most
_FAULT_KINDS = ("ratelimited", "server_error", "slow", "drop", "drop_after", "error")


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
class _Fault:
    kind: FaultKind
    times: int | None
    probability: float | None
    rng: random.Random
    retry_after: int
    status: int
    delay: float
    error: str | None

    def fires(self) -> bool:
        if self.times is not None and self.times <= 0:
            return False
        if self.probability is not None and self.rng.random() >= self.probability:
            return False
        if self.times is not None:
            self.times -= 1
        return True


@dataclass(frozen=True)
class _Grant:
    """What an OAuth code issued by Slack's consent screen turns into (oauth.v2.access)."""

    team_id: str
    team_name: str
    bot_token: str
    installer: str
    scope: str


@dataclass
class _Answer:
    status: int
    body: dict[str, Any] | None  # None: drop the connection without answering
    headers: dict[str, str]


class FakeSlack:
    """The fake Slack Web API; use as a context manager or start()/stop()."""

    def __init__(
        self,
        *,
        bot_token: str = "xoxb-test-token",
        app_token: str = "xapp-test-token",
        team_id: str = "T0TEST0001",
        team_name: str = "Acme",
        bot_user_id: str = "U0BOT00001",
        clock: Callable[[], float] = time.monotonic,
        rate_limit_per_minute: Mapping[str, int] | None = None,
        client_id: str = "1111111111.2222222222",
        client_secret: str = "test-client-secret",
    ) -> None:
        self.bot_token = bot_token
        self.client_id = client_id
        self.client_secret = client_secret
        self._grants: dict[str, _Grant] = {}
        self.app_token = app_token
        self.team_id = team_id
        self.bot_user_id = bot_user_id
        self.clock = clock
        self.workspace = Workspace(
            team=Team(team_id, team_name), bot_user_id=bot_user_id, clock=clock
        )
        self._tokens: dict[str, str] = {bot_token: team_id}
        self._lock = threading.Condition(threading.RLock())
        self._calls: list[Call] = []
        self._violations: list[str] = []
        self._faults: dict[str, list[_Fault]] = {}
        self._rate_limits: dict[str, int] = dict(rate_limit_per_minute or {})
        self._windows: dict[str, deque[float]] = {}
        self._in_flight = 0  # Web API requests received and not yet answered
        self._held: set[str] = set()  # methods whose calls wait for `release()`
        self._released = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.socket_url = "ws://127.0.0.1:9/link"  # replaced when Socket Mode is served
        self._socket_mode: SocketModeServer | None = None

    # ---- lifecycle ------------------------------------------------------------------------

    def start(self) -> FakeSlack:
        server = _Server(("127.0.0.1", 0), _Handler)
        server.daemon_threads = True
        server.fake = self  # type: ignore[attr-defined]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        self.workspace.base_url = self.base_url
        return self

    def serve_socket_mode(self) -> SocketModeServer:
        """Start Slack's Socket Mode side; apps.connections.open then points at it."""
        if self._socket_mode is None:
            self._socket_mode = SocketModeServer().start()
            self.socket_url = self._socket_mode.url
        return self._socket_mode

    def stop(self) -> None:
        if self._socket_mode is not None:
            self._socket_mode.stop()
            self._socket_mode = None
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeSlack is not started")
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    @property
    def api_url(self) -> str:
        """What to pass as `WebClient(base_url=...)` / SLACK_API_URL (trailing slash)."""
        return self.base_url + "api/"

    # ---- workspace set-up and queries (delegated) -----------------------------------------

    def add_token(self, token: str, team_id: str, *, team_name: str | None = None) -> None:
        with self._lock:
            self._tokens[token] = team_id
            self.workspace.teams.setdefault(team_id, Team(team_id, team_name or team_id))

    def add_oauth_code(
        self,
        code: str,
        *,
        team_id: str,
        bot_token: str,
        team_name: str | None = None,
        installer: str = "U0INSTALL1",
        scope: str = "commands,chat:write",
    ) -> None:
        """A code Slack hands the installer's browser; oauth.v2.access trades it for `bot_token`
        once, and from then on the token acts in `team_id`."""
        with self._lock:
            self._grants[code] = _Grant(team_id, team_name or team_id, bot_token, installer, scope)

    def add_user(self, user_id: str, **fields: Any) -> dict[str, Any]:
        """See Workspace.add_user: email, name, real_name, tz, tz_offset, is_admin, ..."""
        with self._lock:
            return self.workspace.add_user(user_id, **fields)

    def add_channel(self, channel_id: str, *, members_bot: bool = True) -> None:
        with self._lock:
            self.workspace.add_channel(channel_id, members_bot=members_bot)

    def dm_channel(self, user_id: str) -> str:
        with self._lock:
            return self.workspace.dm_channel(user_id)

    def messages(self, channel: str | None = None) -> list[dict[str, Any]]:
        """Messages currently in Slack (posted, updated, not deleted), oldest first."""
        with self._lock:
            found = [m for (c, _), m in self.workspace.messages.items() if channel in (None, c)]
        return sorted(found, key=lambda m: float(m["ts"]))

    @property
    def ephemerals(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self.workspace.ephemerals)

    @property
    def scheduled(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self.workspace.scheduled)

    @property
    def uploads(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            return dict(self.workspace.uploads)

    def issue_trigger_id(self, *, view_id: str | None = None) -> str:
        """A trigger_id as a slash command or interaction carries (from `view_id` if inside one)."""
        with self._lock:
            return self.workspace.views.issue_trigger_id(view_id=view_id)

    def expire_trigger_id(self, trigger_id: str) -> None:
        with self._lock:
            self.workspace.views.expire_trigger_id(trigger_id)

    @property
    def open_views(self) -> list[dict[str, Any]]:
        """Modals currently open, each stack root first."""
        with self._lock:
            return self.workspace.views.open_views()

    def published_home(self, user_id: str) -> dict[str, Any] | None:
        with self._lock:
            return self.workspace.views.published_home(user_id)

    def close_view(self, view_id: str) -> None:
        """Simulate the user closing a modal (and anything pushed over it)."""
        with self._lock:
            self.workspace.views.close(view_id)

    # ---- recording ------------------------------------------------------------------------

    @property
    def calls(self) -> list[Call]:
        with self._lock:
            return list(self._calls)

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self._calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Block until at least `count` calls to `method` arrived; AssertionError on timeout."""
        with self._lock:
            arrived = self._lock.wait_for(lambda: len(self.calls_to(method)) >= count, timeout)
            if not arrived:
                seen = "\n  ".join(_summary(c) for c in self._calls) or "(none)"
                raise AssertionError(
                    f"expected {count} call(s) to {method} within {timeout}s, "
                    f"got {len(self.calls_to(method))}; calls so far:\n  {seen}"
                )
            return self.calls_to(method)

    @property
    def violations(self) -> list[str]:
        with self._lock:
            return list(self._violations)

    def take_violations(self) -> list[str]:
        """Return and forget the violations so far (for tests that provoke them on purpose)."""
        with self._lock:
            taken, self._violations = self._violations, []
            return taken

    def assert_no_violations(self) -> None:
        with self._lock:
            if self._violations:
                listed = "\n  ".join(self._violations)
                raise AssertionError(
                    f"{len(self._violations)} call(s) Slack would reject:\n  {listed}"
                )

    @property
    def in_flight(self) -> int:
        """Web API requests received and not yet answered (a "slow" fault holds them)."""
        with self._lock:
            return self._in_flight

    def wait_answered(self, timeout: float = 10.0) -> None:
        """Block until every Web API request received so far has been acted on and answered
        (a "slow" one included, even if its caller is gone); AssertionError on timeout."""
        with self._lock:
            if not self._lock.wait_for(lambda: self._in_flight == 0, timeout):
                raise AssertionError(f"{self._in_flight} request(s) still unanswered")

    def reset(self) -> None:
        """Forget recorded calls and violations (workspace state and faults stay)."""
        with self._lock:
            self._calls.clear()
            self._violations.clear()

    # ---- faults ---------------------------------------------------------------------------

    def inject(
        self,
        method: str,
        fault: FaultKind,
        *,
        times: int | None = None,
        probability: float | None = None,
        seed: int | None = None,
        retry_after: int = 1,
        status: int = 503,
        delay: float = 0.0,
        error: str | None = None,
    ) -> None:
        """Make calls to `method` ("*" = any) fail: every call, the first `times`, or randomly."""
        if fault not in _FAULT_KINDS:
            raise ValueError(f"unknown fault {fault!r}; one of {', '.join(_FAULT_KINDS)}")
        if fault == "error" and not error:
            raise ValueError('fault "error" needs error="..." (e.g. "account_inactive")')
        rule = _Fault(
            fault, times, probability, random.Random(seed), retry_after, status, delay, error
        )
        with self._lock:
            self._faults.setdefault(method, []).append(rule)

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()
        self.release()

    def hold(self, method: str) -> None:
        """Keep calls to `method` waiting, unanswered and not acted on, until `release()`.

        Unlike a "slow" fault, no clock decides when they go on: a test can kill their callers
        while they wait, then let Slack act on them.
        """
        with self._lock:
            self._held.add(method)
            self._released.clear()

    def release(self) -> None:
        """Let the held calls go on (Slack acts on each, even if its caller is gone)."""
        with self._lock:
            self._held.clear()
            self._released.set()

    def set_rate_limit(self, method: str, per_minute: int | None) -> None:
        """Answer 429 once `method` got `per_minute` calls in the last 60 s (None: off)."""
        with self._lock:
            if per_minute is None:
                self._rate_limits.pop(method, None)
            else:
                self._rate_limits[method] = per_minute

    # ---- serving --------------------------------------------------------------------------

    def _serve(self, request: _Handler) -> None:
        url = urlsplit(request.path)
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length) if length else b""
        if url.path.startswith("/upload/"):
            self._answer(request, self._upload(url.path.removeprefix("/upload/"), raw))
            return
        if url.path.startswith("/hooks/"):
            self._answer(request, self._response_url(url.path, raw))
            return
        if not url.path.startswith("/api/"):
            request.send_error(404)
            return
        with self._lock:
            self._in_flight += 1
        try:
            self._serve_api(request, url.path.removeprefix("/api/"), url.query, raw)
        finally:
            with self._lock:
                self._in_flight -= 1
                self._lock.notify_all()

    def _serve_api(self, request: _Handler, method: str, query: str, raw: bytes) -> None:
        args: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
        header = request.headers.get("Authorization", "")
        token = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else None
        call = Call(method, args, ok=False, error=None, response={}, status=200, token=token)
        try:
            args.update(_basic_auth(header))
            args.update(_parse_body(raw, request.headers.get("Content-Type", "")))
            call.token = token = token or args.pop("token", None)
            args.pop("token", None)
            call.args = args = decode_json_fields(args)
        except SlackError as error:
            self._answer(request, self._finish(call, error=error))
            return
        with self._lock:
            held = method in self._held
        if held:
            self._released.wait(HOLD_LIMIT)  # then it goes on, as a very slow call would
        fault = self._fault_for(method)
        if fault is not None and fault.kind == "slow":
            time.sleep(fault.delay)
        elif fault is not None and fault.kind != "drop_after":
            self._answer(request, self._finish(call, answer=_fault_answer(fault)))
            return
        with self._lock:
            answer = self._rate_limited(method) or self._dispatch(call, token)
            if fault is not None and fault.kind == "drop_after":  # done, the answer lost
                call.status, call.error = 0, "connection dropped after answering"
                answer = _Answer(0, None, {})
        self._answer(request, answer)

    def _dispatch(self, call: Call, token: str | None) -> _Answer:
        spec = METHODS.get(call.method)
        if spec is None:
            return self._finish(call, error=SlackError("unknown_method", "not a method we know"))
        if spec.token == "client":
            return self._exchange_code(call)
        if not token:
            return self._finish(call, error=SlackError("not_authed", "no token sent"))
        if token == self.app_token:
            if spec.token != "app":
                error = SlackError("not_allowed_token_type", "app-level token on a bot method")
                return self._finish(call, error=error)
            return self._finish(call, answer=_ok({"url": self.socket_url}))
        if token not in self._tokens:
            return self._finish(call, error=SlackError("invalid_auth"))
        if spec.token == "app":
            error = SlackError("not_allowed_token_type", "needs the app-level (xapp) token")
            return self._finish(call, error=error)
        try:
            response, warnings = self.workspace.handle(spec, call.args, self._tokens[token])
        except SlackError as error:
            return self._finish(call, error=error)
        self._violations.extend(f"{call.method}: {w}" for w in warnings)
        return self._finish(call, answer=_ok(response))

    def _exchange_code(self, call: Call) -> _Answer:
        """oauth.v2.access: our client credentials and an unused code give a bot token."""
        args = call.args
        if args.get("client_id") != self.client_id:
            return self._finish(call, error=SlackError("invalid_client_id"))
        if args.get("client_secret") != self.client_secret:
            return self._finish(call, error=SlackError("bad_client_secret"))
        grant = self._grants.pop(str(args.get("code") or ""), None)
        if grant is None:
            return self._finish(call, error=SlackError("invalid_code"))
        self.add_token(grant.bot_token, grant.team_id, team_name=grant.team_name)
        # Fields as in the OpenAPI spec's example answer (web-api/slack_web_openapi_v2.json).
        return self._finish(
            call,
            answer=_ok(
                {
                    "access_token": grant.bot_token,
                    "token_type": "bot",
                    "scope": grant.scope,
                    "bot_user_id": self.bot_user_id,
                    "app_id": APP_ID,
                    "team": {"id": grant.team_id, "name": grant.team_name},
                    "enterprise": None,
                    "is_enterprise_install": False,
                    "authed_user": {"id": grant.installer},
                }
            ),
        )

    def _finish(
        self, call: Call, *, answer: _Answer | None = None, error: SlackError | None = None
    ) -> _Answer:
        if error is not None:
            answer = _ok({"ok": False, "error": error.error, **error.extra})
            if error.violation:
                with self._lock:
                    self._violations.append(f"{call.method}: {error.error}: {error.violation}")
        assert answer is not None
        call.status = answer.status
        call.response = answer.body or {}
        call.ok = bool(call.response.get("ok"))
        call.error = None if call.ok else call.response.get("error", "connection dropped")
        with self._lock:
            self._calls.append(call)
            self._lock.notify_all()
        return answer

    def _fault_for(self, method: str) -> _Fault | None:
        with self._lock:
            rules = self._faults.get(method, []) + self._faults.get("*", [])
            return next((rule for rule in rules if rule.fires()), None)

    def _rate_limited(self, method: str) -> _Answer | None:
        limit = self._rate_limits.get(method)
        if limit is None:
            return None
        now = self.clock()
        window = self._windows.setdefault(method, deque())
        while window and now - window[0] >= 60:
            window.popleft()
        if len(window) < limit:
            window.append(now)
            return None
        retry_after = max(1, math.ceil(60 - (now - window[0])))
        call = Call(method, {}, ok=False, error=None, response={}, status=429)
        return self._finish(call, answer=_ratelimited(retry_after))

    def _response_url(self, path: str, raw: bytes) -> _Answer:
        """A post to an interaction's response_url, recorded as the method `response_url`."""
        try:
            args = json.loads(raw or b"{}")
        except ValueError:
            args = {}
        call = Call(RESPONSE_URL, args, ok=False, error=None, response={}, status=200)
        problems = []
        if not isinstance(args, dict) or not (args.get("text") or args.get("blocks")):
            problems.append("a response_url message needs text or blocks")
        elif args.get("blocks") is not None:
            problems += check_message_blocks(args["blocks"])
            if not args.get("text"):
                problems.append("blocks without fallback text")
        if problems:
            with self._lock:
                self._violations += [f"{RESPONSE_URL} {path}: {p}" for p in problems]
            return self._finish(call, answer=_ok({"ok": False, "error": "invalid_blocks"}))
        return self._finish(call, answer=_ok({"ok": True}))

    def _upload(self, file_id: str, raw: bytes) -> _Answer:
        with self._lock:
            upload = self.workspace.uploads.get(file_id)
            if upload is None:
                return _Answer(404, {"ok": False, "error": "file_not_found"}, {})
            upload["content"] = raw
        return _Answer(200, {"ok": True, "size": len(raw)}, {})

    def _answer(self, request: _Handler, answer: _Answer) -> None:
        if answer.body is None:
            request.close_connection = True
            return
        body = json.dumps(answer.body).encode()
        try:
            request.send_response(answer.status)
            request.send_header("Content-Type", "application/json; charset=utf-8")
            request.send_header("Content-Length", str(len(body)))
            for name, value in answer.headers.items():
                request.send_header(name, value)
            request.end_headers()
            request.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (e.g. its timeout was shorter than a "slow" fault)


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


def _fault_answer(fault: _Fault) -> _Answer:
    if fault.kind == "ratelimited":
        return _ratelimited(fault.retry_after)
    if fault.kind == "server_error":
        return _Answer(fault.status, {"ok": False, "error": "fatal_error"}, {})
    if fault.kind == "drop":
        return _Answer(0, None, {})
    return _Answer(200, {"ok": False, "error": fault.error}, {})


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
