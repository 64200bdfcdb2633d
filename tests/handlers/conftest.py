"""Fixtures for the handler tests: the app in OAuth mode (installs), the Slack admins (admin)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from http.cookies import SimpleCookie
from wsgiref.simple_server import make_server

import pytest
from sqlalchemy import delete
from sqlalchemy.engine import Engine

from bot.app import build_app
from bot.clock import Clock
from bot.config import Settings
from bot.web import WebApp
from tests.support.admin_modal import OWNER
from tests.support.app_server import SIGNING_SECRET, AppServer
from tests.support.fakeslack import FakeSlack
from tests.support.oauth_install import OAUTH_TABLES, Browser, QuietHandler, ThreadingWSGIServer
from tests.support.world import ADMIN


@pytest.fixture
def oauth_settings(fake_slack: FakeSlack, settings: Settings, engine: Engine) -> Settings:
    """Our settings in OAuth mode: client credentials, no SLACK_BOT_TOKEN."""
    # conftest empties only our own tables between Postgres tests; these are slack_sdk's.
    with engine.begin() as connection:
        for table in OAUTH_TABLES.values():
            connection.execute(delete(table))
    return replace(
        settings,
        bot_token=None,
        client_id=fake_slack.client_id,
        client_secret=fake_slack.client_secret,
    )


@pytest.fixture
def oauth_server(
    oauth_settings: Settings, engine: Engine, fake_slack: FakeSlack, app_clock: Clock
) -> Iterator[tuple[AppServer, Browser]]:
    app = build_app(oauth_settings, engine=engine, clock=app_clock)
    web = WebApp(app, engine=engine, signing_secret=SIGNING_SECRET)
    server = make_server(
        "127.0.0.1", 0, web, server_class=ThreadingWSGIServer, handler_class=QuietHandler
    )
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        port = server.server_port
        yield (
            AppServer(url=f"http://127.0.0.1:{port}", fake=fake_slack),
            Browser("127.0.0.1", port, SimpleCookie()),
        )
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def admins(fake_slack: FakeSlack) -> None:
    fake_slack.add_user(ADMIN, email="root@example.com", name="root", is_admin=True)
    fake_slack.add_user(OWNER, email="owner@example.com", name="owner", is_owner=True)
