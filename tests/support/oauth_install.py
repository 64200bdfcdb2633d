"""Installing in several workspaces: the workspaces, tokens and browser the install tests share."""

from __future__ import annotations

import http.client
from dataclasses import dataclass
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

from sqlalchemy import func
from sqlalchemy import select as table_select
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from bot.db import session_scope
from bot.models import Delivery, Workspace
from bot.slack.installations import oauth_metadata
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE

TEAM_A, TEAM_B = "T0AAAAAAA1", "T0BBBBBBB1"
TOKEN_A, TOKEN_B = "xoxb-team-a-token", "xoxb-team-b-token"
EMPLOYEE_B = "U0BEMPLOY1"
NOW = datetime.now(UTC)
OAUTH_TABLES = oauth_metadata().tables


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


@dataclass
class Browser:
    """The installer's browser: GETs without following redirects, keeping one cookie jar."""

    host: str
    port: int
    cookies: SimpleCookie

    def get(self, path: str, **query: str) -> tuple[int, dict[str, str], str]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())
        target = f"{path}?{urlencode(query)}" if query else path
        try:
            connection.request("GET", target, headers=headers)
            response = connection.getresponse()
            body = response.read().decode("utf-8")
            for value in response.headers.get_all("Set-Cookie") or []:
                self.cookies.load(value)
            return response.status, {k.lower(): v for k, v in response.headers.items()}, body
        finally:
            connection.close()


def install(
    browser: Browser,
    fake: FakeSlack,
    *,
    team: str | None,
    token: str,
    name: str,
    rotating: bool = False,
    enterprise: tuple[str, str] | None = None,
    extra_scopes: str = "",
    expect: int = 200,
) -> str:
    """The whole flow for one workspace (or, with team None and an enterprise, one org-wide
    install), granting the scopes the install link asked for; the page the installer ends on."""
    status, headers, _ = browser.get("/slack/install")
    assert status == 302
    query = parse_qs(urlsplit(headers["location"]).query)
    state, scope = query["state"][0], query["scope"][0] + extra_scopes
    code = f"code-{team or (enterprise and enterprise[0])}"
    fake.add_oauth_code(
        code,
        team_id=team,
        team_name=name,
        bot_token=token,
        scope=scope,
        rotating=rotating,
        enterprise=enterprise,
    )
    status, _, page = browser.get("/slack/oauth_redirect", code=code, state=state)
    assert status == expect, page
    return page


def bot_rows(engine: Engine) -> list[dict[str, Any]]:
    """Every row of slack_bots, oldest first, as a dict."""
    bots = OAUTH_TABLES["slack_bots"]
    with engine.connect() as connection:
        return [dict(r) for r in connection.execute(bots.select().order_by(bots.c.id)).mappings()]


def bots(engine: Engine) -> list[tuple[str, str]]:
    bots = OAUTH_TABLES["slack_bots"]
    with engine.connect() as connection:
        rows = connection.execute(
            table_select(bots.c.team_id, bots.c.bot_token).order_by(bots.c.id)
        )
        return [(row.team_id, row.bot_token) for row in rows]


def count_rows(engine: Engine, table: str, team: str) -> int:
    t = OAUTH_TABLES[table]
    with engine.connect() as connection:
        return int(
            connection.execute(
                table_select(func.count()).select_from(t).where(t.c.team_id == team)
            ).scalar_one()
        )


def add_deliveries(engine: Engine, team: str, *states: str, recipient: str = EMPLOYEE) -> None:
    with session_scope(engine) as session:
        workspace = session.exec(
            select(Workspace).where(col(Workspace.slack_team_id) == team)
        ).one()
        for number, state in enumerate(states):
            session.add(
                Delivery(
                    workspace_id=workspace.id or 0,
                    recipient=recipient,
                    kind="recap",
                    period_key=f"{team}-{number}",
                    payload={"text": "hello"},
                    state=state,
                    not_before=NOW,
                    created_at=NOW,
                )
            )
