"""Installing in several workspaces: the OAuth flow over HTTP, serving in OAuth mode, config."""

from __future__ import annotations

import os
import subprocess
import sys
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from sqlalchemy import select as table_select
from sqlalchemy.engine import Engine
from sqlmodel import select

from bot.cli import CONFIG, main
from bot.config import ConfigError, Settings
from bot.db import session_scope
from bot.models import Workspace
from bot.slack.oauth import BOT_SCOPES
from tests.support.app_server import SIGNING_SECRET, AppServer
from tests.support.fakeslack import FakeSlack
from tests.support.oauth_install import (
    OAUTH_TABLES,
    TEAM_A,
    TEAM_B,
    TOKEN_A,
    TOKEN_B,
    Browser,
    bots,
    count_rows,
    install,
)
from tests.support.processes import free_port, wait_healthy
from tests.support.slack_reference import REPO_ROOT

# ---- the install flow -----------------------------------------------------------------------


def test_install_redirects_to_slacks_authorize_url_with_a_state_in_a_cookie(
    oauth_server: tuple[AppServer, Browser], engine: Engine, fake_slack: FakeSlack
) -> None:
    _, browser = oauth_server
    status, headers, _ = browser.get("/slack/install")
    assert status == 302
    location = urlsplit(headers["location"])
    assert (location.scheme, location.netloc, location.path) == (
        "https",
        "slack.com",
        "/oauth/v2/authorize",
    )
    query = parse_qs(location.query)
    assert query["client_id"] == [fake_slack.client_id]
    assert query["scope"] == [",".join(BOT_SCOPES)]
    state = query["state"][0]
    assert browser.cookies["slack-app-oauth-state"].value == state
    states = OAUTH_TABLES["slack_oauth_states"]
    with engine.connect() as connection:
        assert connection.execute(table_select(states.c.state)).scalars().all() == [state]


def test_the_redirect_exchanges_the_code_and_stores_the_installation(
    oauth_server: tuple[AppServer, Browser], engine: Engine, fake_slack: FakeSlack
) -> None:
    _, browser = oauth_server
    page = install(browser, fake_slack, team=TEAM_A, token=TOKEN_A, name="Acme A")
    assert "slack://app?team=T0AAAAAAA1" in page  # Bolt's "open Slack" success page
    (exchange,) = fake_slack.calls_to("oauth.v2.access")
    assert exchange.ok and exchange.args["client_id"] == fake_slack.client_id
    assert exchange.args["code"] == f"code-{TEAM_A}"
    assert bots(engine) == [(TEAM_A, TOKEN_A)]
    assert count_rows(engine, "slack_installations", TEAM_A) == 1
    with session_scope(engine) as session:
        workspace = session.exec(select(Workspace)).one()
        assert (workspace.slack_team_id, workspace.name) == (TEAM_A, "Acme A")
        assert workspace.uninstalled_at is None
    with engine.connect() as connection:  # the state is spent
        assert connection.execute(table_select(OAUTH_TABLES["slack_oauth_states"])).all() == []


@pytest.mark.parametrize(
    ("case", "status"),
    [("no state", 400), ("no cookie", 400), ("state of another browser", 400), ("reused", 401)],
)
def test_a_bad_or_missing_state_gets_a_4xx_page_and_installs_nothing(
    oauth_server: tuple[AppServer, Browser],
    engine: Engine,
    fake_slack: FakeSlack,
    case: str,
    status: int,
) -> None:
    _, browser = oauth_server
    _, headers, _ = browser.get("/slack/install")
    state = parse_qs(urlsplit(headers["location"]).query)["state"][0]
    fake_slack.add_oauth_code("code-1", team_id=TEAM_A, bot_token=TOKEN_A)
    query = {"code": "code-1", "state": state}
    if case == "no state":
        del query["state"]
    elif case == "no cookie":
        browser.cookies.clear()
    elif case == "state of another browser":
        query["state"] = "f0e1d2c3-0000-4000-8000-000000000000"
    elif case == "reused":
        fake_slack.add_oauth_code("code-0", team_id=TEAM_B, bot_token=TOKEN_B)
        assert browser.get("/slack/oauth_redirect", code="code-0", state=state)[0] == 200
        browser.cookies["slack-app-oauth-state"] = state  # Bolt cleared it; put it back
    got, _, page = browser.get("/slack/oauth_redirect", **query)
    assert got == status
    assert "<html" in page.lower()
    assert count_rows(engine, "slack_bots", TEAM_A) == 0
    assert all(c.args.get("code") != "code-1" for c in fake_slack.calls_to("oauth.v2.access"))


def test_a_code_slack_refuses_gets_a_4xx_page(
    oauth_server: tuple[AppServer, Browser], engine: Engine, fake_slack: FakeSlack
) -> None:
    _, browser = oauth_server
    _, headers, _ = browser.get("/slack/install")
    state = parse_qs(urlsplit(headers["location"]).query)["state"][0]
    status, _, _ = browser.get("/slack/oauth_redirect", code="never-issued", state=state)
    assert status == 401
    assert [c.error for c in fake_slack.calls_to("oauth.v2.access")] == ["invalid_code"]
    assert bots(engine) == []


def test_the_install_paths_answer_only_get_and_only_in_oauth_mode(
    oauth_server: tuple[AppServer, Browser], app_server: AppServer
) -> None:
    server, _ = oauth_server
    assert server.post(b"{}", path="/slack/install")[0] == 405
    assert app_server.post(b"{}", path="/slack/install")[0] == 404


def test_serve_in_oauth_mode_needs_no_bot_token_and_offers_the_install_link(
    oauth_settings: Settings, fake_slack: FakeSlack
) -> None:
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SLACK_")},
        "DATABASE_URL": oauth_settings.database_url,
        "SLACK_API_URL": oauth_settings.slack_api_url,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_CLIENT_ID": fake_slack.client_id,
        "SLACK_CLIENT_SECRET": fake_slack.client_secret,
    }
    command = [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--workers", "1", "--no-scheduler"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_healthy(f"http://127.0.0.1:{port}", process)
        status, headers, _ = Browser("127.0.0.1", port, SimpleCookie()).get("/slack/install")
        assert status == 302
        assert headers["location"].startswith("https://slack.com/oauth/v2/authorize?")
    finally:
        process.terminate()
        process.communicate(timeout=15)
    assert fake_slack.calls_to("auth.test") == []  # no SLACK_BOT_TOKEN to check


# ---- configuration --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SLACK_CLIENT_ID": "1.2"}, "SLACK_CLIENT_ID is set but SLACK_CLIENT_SECRET is not"),
        ({"SLACK_CLIENT_SECRET": "s"}, "SLACK_CLIENT_SECRET is set but SLACK_CLIENT_ID is not"),
        ({"SLACK_REDIRECT_URI": "https://x.example/slack/oauth_redirect"}, "is set but"),
        (
            {"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s", "SLACK_REDIRECT_URI": "x"},
            "SLACK_REDIRECT_URI must be the URL of /slack/oauth_redirect",
        ),
    ],
)
def test_half_configured_oauth_is_one_clear_line(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        Settings.from_env(env)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_oauth_is_off_unless_both_credentials_are_set() -> None:
    assert not Settings.from_env({}).oauth
    both = Settings.from_env({"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s"})
    assert both.oauth and (both.client_id, both.client_secret) == ("1.2", "s")


def test_socket_mode_refuses_oauth_settings(
    slack_env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-A1-abc")
    monkeypatch.setenv("SLACK_CLIENT_ID", "1.2")
    monkeypatch.setenv("SLACK_CLIENT_SECRET", "s")
    assert main(["run"]) == CONFIG
    assert "career-bot run serves one workspace" in capsys.readouterr().err


def test_the_install_asks_for_the_http_manifests_bot_scopes_and_events() -> None:
    manifest = yaml.safe_load((REPO_ROOT / "manifest.http.yml").read_text(encoding="utf-8"))
    assert sorted(manifest["oauth_config"]["scopes"]["bot"]) == sorted(BOT_SCOPES)
    events = manifest["settings"]["event_subscriptions"]["bot_events"]
    assert {"app_uninstalled", "tokens_revoked"} <= set(events)
    assert manifest["oauth_config"]["redirect_urls"] == ["https://YOUR-HOST/slack/oauth_redirect"]
