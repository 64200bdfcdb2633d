"""FakeSlack: a loopback HTTP server speaking the Slack Web API to the real slack_sdk client.

Every call is recorded as a `Call`, checked against Slack's rules (methods.py, blockkit.py,
limits.py) and answered as Slack would; calls Slack would reject land in `.violations`.
Faults (429, 5xx, slow, dropped connections, error answers) can be injected per method, and
calls to a method held unanswered until the test releases them.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from http.server import ThreadingHTTPServer
from types import TracebackType
from typing import Any

from tests.support.fakeslack.faults import HOLD_LIMIT, FaultControl, FaultKind, _Fault
from tests.support.fakeslack.grants import Grants, _Grant
from tests.support.fakeslack.recording import Recording
from tests.support.fakeslack.scopes import DEFAULT_BOT_SCOPES
from tests.support.fakeslack.serving import Serving
from tests.support.fakeslack.socket_mode import SocketModeServer
from tests.support.fakeslack.wire import RESPONSE_URL, Call, _Handler, _Server
from tests.support.fakeslack.workspace import Team, Workspace

__all__ = ["HOLD_LIMIT", "RESPONSE_URL", "Call", "FakeSlack", "FaultKind"]


class FakeSlack(Recording, FaultControl, Grants, Serving):
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
        bot_scopes: Iterable[str] = DEFAULT_BOT_SCOPES,
    ) -> None:
        self.bot_token = bot_token
        self.client_id = client_id
        self.client_secret = client_secret
        self._grants: dict[str, _Grant] = {}
        self._refresh_tokens: dict[str, _Grant] = {}
        self._expires: dict[str, float] = {}
        self._serial = itertools.count(1)
        self.app_token = app_token
        self.team_id = team_id
        self.bot_user_id = bot_user_id
        self.clock = clock
        self.workspace = Workspace(
            team=Team(team_id, team_name), bot_user_id=bot_user_id, clock=clock
        )
        self._tokens: dict[str, str] = {bot_token: team_id}
        self._scopes: dict[str, tuple[str, ...]] = {bot_token: tuple(bot_scopes)}
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

    def add_token(
        self,
        token: str,
        team_id: str,
        *,
        team_name: str | None = None,
        scopes: Iterable[str] = DEFAULT_BOT_SCOPES,
    ) -> None:
        with self._lock:
            self._tokens[token] = team_id
            self._scopes[token] = tuple(scopes)
            self.workspace.teams.setdefault(team_id, Team(team_id, team_name or team_id))

    def grant(self, *scopes: str, token: str | None = None) -> None:
        """Give a bot token (default: the fake's own) more scopes, as a reinstall would."""
        with self._lock:
            held = self._scopes[token or self.bot_token]
            self._scopes[token or self.bot_token] = (*held, *(s for s in scopes if s not in held))

    def set_scopes(self, scopes: Iterable[str], *, token: str | None = None) -> None:
        """Exactly these scopes for a bot token (default: the fake's own)."""
        with self._lock:
            self._scopes[token or self.bot_token] = tuple(scopes)

    def add_user(self, user_id: str, **fields: Any) -> dict[str, Any]:
        """See Workspace.add_user: email, name, real_name, tz, tz_offset, is_admin, ..."""
        with self._lock:
            return self.workspace.add_user(user_id, **fields)

    def set_status(self, user_id: str, **status: Any) -> dict[str, Any]:
        """See Directory.set_status: text, emoji, expiration; the changed user, copied."""
        with self._lock:
            return self.workspace.set_status(user_id, **status)

    def add_channel(
        self,
        channel_id: str,
        *,
        members_bot: bool = True,
        private: bool = False,
        archived: bool = False,
    ) -> None:
        with self._lock:
            self.workspace.add_channel(
                channel_id, members_bot=members_bot, private=private, archived=archived
            )

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

    @property
    def deleted_files(self) -> list[str]:
        with self._lock:
            return list(self.workspace.deleted_files)

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
