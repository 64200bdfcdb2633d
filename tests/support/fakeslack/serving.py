"""How the fake Slack answers a request: the Web API, response_url posts and file uploads."""

from __future__ import annotations

import json
import math
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.support.fakeslack.blockkit import check_message_blocks
from tests.support.fakeslack.errors import SlackError
from tests.support.fakeslack.faults import HOLD_LIMIT, _Fault, _fault_answer
from tests.support.fakeslack.methods import METHODS
from tests.support.fakeslack.scopes import DEFAULT_BOT_SCOPES, require_scope, scope_headers
from tests.support.fakeslack.wire import (
    RESPONSE_URL,
    Call,
    _Answer,
    _basic_auth,
    _Handler,
    _ok,
    _parse_body,
    _ratelimited,
)
from tests.support.fakeslack.workspace import Workspace, decode_json_fields


class Serving:
    """FakeSlack's answering side, called by the HTTP handler on its threads."""

    app_token: str
    client_id: str
    client_secret: str
    bot_user_id: str
    socket_url: str
    clock: Callable[[], float]
    workspace: Workspace
    _lock: threading.Condition
    _tokens: dict[str, str]
    _scopes: dict[str, tuple[str, ...]]  # a bot token's granted scopes (default: manifest.yml's)
    _calls: list[Call]
    _violations: list[str]
    _faults: dict[str, list[_Fault]]
    _rate_limits: dict[str, int]
    _windows: dict[str, deque[float]]
    _in_flight: int
    _held: set[str]
    _released: threading.Event

    def _oauth_access(self, call: Call) -> _Answer:
        raise NotImplementedError  # Grants'

    def _expired(self, token: str) -> bool:
        raise NotImplementedError  # Grants'

    def add_token(self, token: str, team_id: str, **options: Any) -> None:
        raise NotImplementedError  # FakeSlack's

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
            return self._oauth_access(call)
        if not token:
            return self._finish(call, error=SlackError("not_authed", "no token sent"))
        if token == self.app_token:
            if spec.token != "app":
                error = SlackError("not_allowed_token_type", "app-level token on a bot method")
                return self._finish(call, error=error)
            return self._finish(call, answer=_ok({"url": self.socket_url}))
        if token not in self._tokens:
            return self._finish(call, error=SlackError("invalid_auth"))
        if self._expired(token):
            return self._finish(call, error=SlackError("token_expired"))
        if spec.token == "app":
            error = SlackError("not_allowed_token_type", "needs the app-level (xapp) token")
            return self._finish(call, error=error)
        granted = self._scopes.get(token, DEFAULT_BOT_SCOPES)
        try:
            require_scope(call.method, granted)
            response, warnings = self.workspace.handle(spec, call.args, self._tokens[token])
        except SlackError as error:
            answer = self._finish(call, error=error)
        else:
            self._violations.extend(f"{call.method}: {w}" for w in warnings)
            answer = self._finish(call, answer=_ok(response))
        answer.headers.update(scope_headers(call.method, granted))
        return answer

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
