"""Hostile text people (or forgers) can type into any field, and a server that says when
the app has finished the work a request started."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from wsgiref.simple_server import make_server

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from bot.app import build_app
from bot.config import Settings
from bot.web import WebApp
from tests.support import slack_requests
from tests.support.app_server import SIGNING_SECRET, AppServer, QuietHandler, ThreadingWSGIServer
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE
from tests.support.hostile_app import TrackingExecutor

TEAM = "T0TEST0001"

# Slack markup that would ping, link or format if sent unescaped; template and SQL syntax;
# invisible and direction-changing characters; NUL (no PostgreSQL text can hold it).
CORPUS = (
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<!subteam^S0EVIL0001>",
    "<!date^0^{date_short}|a typed date>",
    "<@U0STRANGER1>",
    "<#C0GENERAL1>",
    "<https://evil.example/x|click here>",
    "<mailto:boss@example.com|your manager>",
    "*bold* _italic_ ~strike~ `code` ```block```",
    "&lt;!channel&gt; &amp; &gt;",
    "\u202egnp.exe\u200f \u200b",
    "emoji 🎉👩🏽‍💻 :tada:",
    "Robert'); DROP TABLE person;--",
    '" OR 1=1 --',
    "{{ 7*7 }}",
    "{% for x in range(3) %}JINJA{% endfor %}",
    "{{ config.__class__.__init__.__globals__ }}",
    "${7*7} #{7*7}",
    "nul\x00inside",
    "\x00",
    "line one\nline two\n> quoted",
    "x" * 1999,
)
# What must never reach Slack from a person's text: markup Slack would act on.
LIVE_MARKUP = (
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<!subteam^",
    "<!date^0^",
    "<@U0STRANGER1>",
    "<#C0GENERAL1>",
    "<https://evil",
    "<mailto:",
)


@contextmanager
def tracked_server(
    settings: Settings, engine: Engine, fake: FakeSlack
) -> Iterator[tuple[AppServer, TrackingExecutor]]:
    """The app over real HTTP (as conftest's app_server), with a waitable listener executor."""
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
        yield AppServer(url=f"http://127.0.0.1:{server.server_port}", fake=fake), listeners
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        listeners.shutdown(wait=True)


def snapshot(engine: Engine, *, skip: frozenset[str] = frozenset()) -> dict[str, list[str]]:
    """Every row of every table (but `skip`), to tell whether a request wrote anything."""
    rows: dict[str, list[str]] = {}
    with engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            if table.name in skip:
                continue
            found = connection.execute(text(f'SELECT * FROM "{table.name}"')).all()
            rows[table.name] = sorted(repr(tuple(row)) for row in found)
    return rows


def by_command(server: AppServer, word: str, user: str = EMPLOYEE) -> dict[str, Any]:
    """Type `/career-prep WORD`; the modal it opened, with the id Slack gave it."""
    fake = server.fake
    before = len(fake.calls_to("views.open"))
    body = slack_requests.slash_command(
        word, user_id=user, team_id=TEAM, trigger_id=fake.issue_trigger_id()
    )
    status, _, raw = server.post(body)
    assert status == 200, raw
    call = fake.wait_for("views.open", count=before + 1)[-1]
    return {**call.args["view"], "id": call.response["view"]["id"]}


def inputs(view: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for b in view["blocks"] if b.get("type") == "input"]
