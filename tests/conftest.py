"""Shared fixtures: real databases (SQLite always, Postgres when asked), the app over HTTP."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from wsgiref.simple_server import make_server

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.app import build_app
from bot.clock import Clock, utcnow
from bot.config import Settings
from bot.db import make_engine
from bot.schema import upgrade
from bot.slack.scopes import HISTORY_SCOPES
from bot.web import WebApp
from tests.support.app_server import SIGNING_SECRET, AppServer, QuietHandler, ThreadingWSGIServer
from tests.support.databases import (
    DATABASES,
    POSTGRES_URL,
    Database,
    blank_database_url,
    truncate_all,
)
from tests.support.fakeslack import FakeSlack

pytest_plugins = ["tests.support.fakeslack.fixtures"]


def pytest_sessionstart(session: pytest.Session) -> None:
    if os.environ.get("CI") and not POSTGRES_URL:
        raise pytest.UsageError("CI is set but TEST_DATABASE_URL is not: CI must test Postgres")
    if POSTGRES_URL:
        engine = make_engine(POSTGRES_URL)
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception as error:
            raise pytest.UsageError(
                f"TEST_DATABASE_URL is set but Postgres is unreachable: {error}"
            ) from None
        finally:
            engine.dispose()


@pytest.fixture(scope="session")
def _migrated_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """One migrated database per kind; tests get copies (SQLite) or truncated tables (PG)."""
    templates: dict[str, str] = {}
    base = tmp_path_factory.mktemp("db")
    sqlite_file = base / "template.db"
    engine = make_engine(f"sqlite:///{sqlite_file}")
    upgrade(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    templates["sqlite"] = str(sqlite_file)
    generator = None
    if POSTGRES_URL:
        generator = blank_database_url("postgres", base)
        templates["postgres"] = next(generator)
        engine = make_engine(templates["postgres"])
        upgrade(engine)
        engine.dispose()
    yield templates
    if generator is not None:
        for _ in generator:
            pass


@pytest.fixture(params=DATABASES)
def database(
    request: pytest.FixtureRequest, _migrated_templates: dict[str, str], tmp_path: Path
) -> Iterator[Database]:
    kind: str = request.param
    if kind == "sqlite":
        copy = tmp_path / "test.db"
        shutil.copyfile(_migrated_templates["sqlite"], copy)
        url = f"sqlite:///{copy}"
    else:
        url = _migrated_templates["postgres"]
        truncate_all(url)
    engine = make_engine(url)
    yield Database(kind=kind, url=url, engine=engine)
    engine.dispose()


@pytest.fixture
def blank_url(database: Database, tmp_path: Path) -> Iterator[str]:
    """A second, empty database of the same kind as this test's, for migration tests."""
    yield from blank_database_url(database.kind, tmp_path)


@pytest.fixture
def engine(database: Database) -> Engine:
    return database.engine


@pytest.fixture
def settings(fake_slack: FakeSlack, database: Database) -> Settings:
    return Settings(
        database_url=database.url,
        slack_api_url=fake_slack.api_url,
        bot_token=fake_slack.bot_token,
        signing_secret=SIGNING_SECRET,
    )


@pytest.fixture
def history_scopes(fake_slack: FakeSlack) -> None:
    """The bot token holds the *:history scopes SLACK_HISTORY_CHECK needs, as after a reinstall."""
    fake_slack.grant(*HISTORY_SCOPES)


@pytest.fixture
def slack_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The same settings as environment variables, for the CLI."""
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("SLACK_API_URL", settings.slack_api_url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", settings.bot_token or "")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    monkeypatch.delenv("SLACK_APP_TOKEN", raising=False)
    return settings


@pytest.fixture
def app_clock() -> Clock:
    """The app's clock: the wall clock, unless a test module pins it by overriding this."""
    return utcnow


@pytest.fixture
def app_server(
    settings: Settings, engine: Engine, fake_slack: FakeSlack, app_clock: Clock
) -> Iterator[AppServer]:
    # Our own executor, so teardown can wait for listeners still running after their ack
    # before the engine is disposed (else their connections are left open).
    listeners = ThreadPoolExecutor(max_workers=8)
    app = build_app(settings, engine=engine, clock=app_clock, listener_executor=listeners)
    web = WebApp(app, engine=engine, signing_secret=SIGNING_SECRET)
    server = make_server(
        "127.0.0.1", 0, web, server_class=ThreadingWSGIServer, handler_class=QuietHandler
    )
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield AppServer(url=f"http://127.0.0.1:{server.server_port}", fake=fake_slack)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        listeners.shutdown(wait=True)
