"""Shared by the adversarial tests: the app over HTTP with a listener pool we can wait on,
the Bolt listeners the app registers, and database snapshots to compare.

`settle()` waits until every listener that runs after its ack has finished: a deterministic
"nothing more will happen" for requests whose correct outcome is that nothing happens.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any
from wsgiref.simple_server import make_server

import pytest
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from bot.app import HANDLER_MODULES, build_app
from bot.config import Settings
from bot.web import WebApp
from tests.support.app_server import SIGNING_SECRET, AppServer, QuietHandler, ThreadingWSGIServer
from tests.support.fakeslack import FakeSlack


class TrackingExecutor(ThreadPoolExecutor):
    """A listener pool that knows how many listeners are still running."""

    def __init__(self, max_workers: int) -> None:
        super().__init__(max_workers=max_workers)
        self._busy = 0
        self._idle = threading.Condition()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self._idle:
            self._busy += 1
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._done)
        return future

    def _done(self, _: Future[Any]) -> None:
        with self._idle:
            self._busy -= 1
            self._idle.notify_all()

    def settle(self, timeout: float = 15.0) -> None:
        with self._idle:
            assert self._idle.wait_for(lambda: self._busy == 0, timeout), "listeners still busy"


@dataclass
class SettledServer(AppServer):
    listeners: TrackingExecutor | None = None

    def settle(self) -> None:
        assert self.listeners is not None
        self.listeners.settle()


@pytest.fixture
def settled_server(
    settings: Settings, engine: Engine, fake_slack: FakeSlack
) -> Iterator[SettledServer]:
    """As conftest's `app_server`, with `settle()` to wait for listeners after their ack."""
    listeners = TrackingExecutor(max_workers=8)
    app = build_app(settings, engine=engine, listener_executor=listeners)
    web = WebApp(app, engine=engine, signing_secret=SIGNING_SECRET)
    server = make_server(
        "127.0.0.1", 0, web, server_class=ThreadingWSGIServer, handler_class=QuietHandler
    )
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield SettledServer(
            url=f"http://127.0.0.1:{server.server_port}", fake=fake_slack, listeners=listeners
        )
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        listeners.shutdown(wait=True)


# ---- the registered listeners ---------------------------------------------------------------

# A listener's identity: ("action", action_id), ("view_submission", callback_id),
# ("view_closed", callback_id), ("command", "/cmd WORD" or "/cmd *"), ("event", type), ...
ListenerKey = tuple[str, str]


class _Recorder:
    """Stands in for the Bolt App while each handler module's `register(app)` runs.

    Only the registration methods the bot uses today are known; a module calling anything
    else (a shortcut, options, message listener...) fails here until it is added, and so
    gets a row in the matrix.
    """

    def __init__(self) -> None:
        self.keys: list[ListenerKey] = []

    def _decorator(self, key: ListenerKey) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        self.keys.append(key)
        return lambda function: function

    def action(self, constraint: Any, **_: Any) -> Callable[..., Any]:
        return self._decorator(("action", _constraint(constraint, "action_id")))

    def view_submission(self, constraint: Any, **_: Any) -> Callable[..., Any]:
        return self._decorator(("view_submission", _constraint(constraint, "callback_id")))

    def view_closed(self, constraint: Any, **_: Any) -> Callable[..., Any]:
        return self._decorator(("view_closed", _constraint(constraint, "callback_id")))

    def event(self, constraint: Any, **_: Any) -> Callable[..., Any]:
        return self._decorator(("event", _constraint(constraint, "type")))

    def command(self, command: Any, matchers: list[Any] | None = None, **_: Any) -> Any:
        words = [w for m in matchers or [] for w in inspect.getclosurevars(m).nonlocals["words"]]
        assert len(words) <= 1, f"one word per command listener, got {words}"
        return self._decorator(("command", f"{command} {words[0] if words else '*'}"))

    def error(self, function: Callable[..., Any]) -> Callable[..., Any]:
        return function  # the error handler is not a listener


def _constraint(constraint: Any, field: str) -> str:
    if isinstance(constraint, str):
        return str(constraint)
    if isinstance(constraint, dict) and set(constraint) == {field}:
        return str(constraint[field])
    raise AssertionError(f"a {field} that is not one plain string: {constraint!r}")


def registered_listeners() -> list[ListenerKey]:
    recorder = _Recorder()
    for module in HANDLER_MODULES:
        module.register(recorder)  # type: ignore[arg-type]
    return recorder.keys


def bolt_listener_count(settings: Settings, engine: Engine) -> int:
    app = build_app(settings, engine=engine)
    return len(app._listeners)


# ---- database snapshots ---------------------------------------------------------------------

Snapshot = dict[str, dict[tuple[Any, ...], dict[str, Any]]]


def snapshot(engine: Engine) -> Snapshot:
    """Every row of every table of ours, by primary key."""
    taken: Snapshot = {}
    with engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            keys = [c.name for c in table.primary_key.columns]
            rows = connection.execute(text(f'SELECT * FROM "{table.name}"')).mappings()
            taken[table.name] = {tuple(row[k] for k in keys): dict(row) for row in rows}
    return taken


@dataclass(frozen=True)
class Change:
    table: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @property
    def row(self) -> dict[str, Any]:
        return self.after if self.after is not None else self.before or {}


def changes(before: Snapshot, after: Snapshot) -> list[Change]:
    found = []
    for table, rows in after.items():
        old = before.get(table, {})
        for key in old.keys() | rows.keys():
            if old.get(key) != rows.get(key):
                found.append(Change(table, old.get(key), rows.get(key)))
    return found


def table_names(engine: Engine) -> set[str]:
    return set(sa_inspect(engine).get_table_names())
