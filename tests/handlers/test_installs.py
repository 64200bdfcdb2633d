"""Installing in several workspaces: the OAuth flow over HTTP, isolation, uninstall, tokens."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from http.cookies import SimpleCookie
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
import yaml
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import delete, func
from sqlalchemy import select as table_select
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from bot.app import build_app
from bot.cli import CONFIG, main
from bot.config import ConfigError, Settings
from bot.db import session_scope
from bot.jobs import deliver
from bot.jobs.context import JobContext
from bot.models import Delivery, Goal, Person, Workspace
from bot.services.org.people import person_for
from bot.slack.installations import installation_store, installed_clients, oauth_metadata
from bot.slack.oauth import BOT_SCOPES
from bot.web import WebApp
from tests.support import slack_requests
from tests.support.app_server import SIGNING_SECRET, AppServer
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE
from tests.support.processes import free_port, wait_healthy
from tests.support.slack_reference import REPO_ROOT

TEAM_A, TEAM_B = "T0AAAAAAA1", "T0BBBBBBB1"
TOKEN_A, TOKEN_B = "xoxb-team-a-token", "xoxb-team-b-token"
EMPLOYEE_B = "U0BEMPLOY1"
NOW = datetime.now(UTC)
OAUTH_TABLES = oauth_metadata().tables


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


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
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


@pytest.fixture
def oauth_server(
    oauth_settings: Settings, engine: Engine, fake_slack: FakeSlack
) -> Iterator[tuple[AppServer, Browser]]:
    app = build_app(oauth_settings, engine=engine)
    web = WebApp(app, engine=engine, signing_secret=SIGNING_SECRET)
    server = make_server(
        "127.0.0.1", 0, web, server_class=_ThreadingWSGIServer, handler_class=_QuietHandler
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


def _install(browser: Browser, fake: FakeSlack, *, team: str, token: str, name: str) -> str:
    """The whole flow for one workspace; the page the installer ends on."""
    status, headers, _ = browser.get("/slack/install")
    assert status == 302
    state = parse_qs(urlsplit(headers["location"]).query)["state"][0]
    code = f"code-{team}"
    fake.add_oauth_code(code, team_id=team, team_name=name, bot_token=token)
    status, _, page = browser.get("/slack/oauth_redirect", code=code, state=state)
    assert status == 200, page
    return page


def _bots(engine: Engine) -> list[tuple[str, str]]:
    bots = OAUTH_TABLES["slack_bots"]
    with engine.connect() as connection:
        rows = connection.execute(
            table_select(bots.c.team_id, bots.c.bot_token).order_by(bots.c.id)
        )
        return [(row.team_id, row.bot_token) for row in rows]


def _count(engine: Engine, table: str, team: str) -> int:
    t = OAUTH_TABLES[table]
    with engine.connect() as connection:
        return int(
            connection.execute(
                table_select(func.count()).select_from(t).where(t.c.team_id == team)
            ).scalar_one()
        )


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
    page = _install(browser, fake_slack, team=TEAM_A, token=TOKEN_A, name="Acme A")
    assert "slack://app?team=T0AAAAAAA1" in page  # Bolt's "open Slack" success page
    (exchange,) = fake_slack.calls_to("oauth.v2.access")
    assert exchange.ok and exchange.args["client_id"] == fake_slack.client_id
    assert exchange.args["code"] == f"code-{TEAM_A}"
    assert _bots(engine) == [(TEAM_A, TOKEN_A)]
    assert _count(engine, "slack_installations", TEAM_A) == 1
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
    assert _count(engine, "slack_bots", TEAM_A) == 0
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
    assert _bots(engine) == []


def test_the_install_paths_answer_only_get_and_only_in_oauth_mode(
    oauth_server: tuple[AppServer, Browser], app_server: AppServer
) -> None:
    server, _ = oauth_server
    assert server.post(b"{}", path="/slack/install")[0] == 405
    assert app_server.post(b"{}", path="/slack/install")[0] == 404


# ---- two workspaces -------------------------------------------------------------------------


def _goal(engine: Engine, *, team: str, user: str, title: str) -> None:
    with session_scope(engine) as session:
        person = person_for(session=session, slack_team_id=team, slack_user_id=user, now=NOW)
        session.add(
            Goal(
                person_id=person.id or 0,
                title=title,
                horizon="short",
                target_on=date.today() + timedelta(days=180),
                created_at=NOW,
                updated_at=NOW,
            )
        )


def _open_home(server: AppServer, *, team: str, user: str, count: int) -> tuple[str, str]:
    """The Home tab `user` of `team` is shown (as text), and the token it was published with."""
    body = slack_requests.event_callback(
        slack_requests.app_home_opened(user, team_id=team), team_id=team, event_id=f"Ev{team}"
    )
    assert server.post(body)[0] == 200
    calls = [c for c in server.fake.wait_for("views.publish", count) if c.args["user_id"] == user]
    assert len(calls) == 1
    return str(calls[0].args["view"]), str(calls[0].token)


def test_two_workspaces_each_see_only_their_own_data_with_their_own_token(
    oauth_server: tuple[AppServer, Browser], engine: Engine, fake_slack: FakeSlack
) -> None:
    server, browser = oauth_server
    fake_slack.add_user(EMPLOYEE_B, email="bo@example.com", team_id=TEAM_B)
    _install(browser, fake_slack, team=TEAM_A, token=TOKEN_A, name="Acme A")
    _install(browser, fake_slack, team=TEAM_B, token=TOKEN_B, name="Bravo B")
    _goal(engine, team=TEAM_A, user=EMPLOYEE, title="Lead the Alpha launch")
    _goal(engine, team=TEAM_B, user=EMPLOYEE_B, title="Learn the Bravo stack")
    fake_slack.reset()

    home_a, token_a = _open_home(server, team=TEAM_A, user=EMPLOYEE, count=1)
    home_b, token_b = _open_home(server, team=TEAM_B, user=EMPLOYEE_B, count=2)

    assert "Lead the Alpha launch" in home_a and "Bravo" not in home_a
    assert "Learn the Bravo stack" in home_b and "Alpha" not in home_b
    assert (token_a, token_b) == (TOKEN_A, TOKEN_B)
    # Bolt checked each request's token with auth.test before any listener ran.
    assert sorted(c.token or "" for c in fake_slack.calls_to("auth.test")) == [TOKEN_A, TOKEN_B]
    with session_scope(engine) as session:
        placed = session.exec(
            select(Person.slack_user_id, Workspace.slack_team_id).join(
                Workspace, col(Workspace.id) == col(Person.workspace_id)
            )
        ).all()
    assert sorted(tuple(row) for row in placed) == sorted(
        [(EMPLOYEE, TEAM_A), (EMPLOYEE_B, TEAM_B)]
    )


def test_a_slash_command_runs_with_the_token_of_its_own_workspace(
    oauth_server: tuple[AppServer, Browser], fake_slack: FakeSlack
) -> None:
    server, browser = oauth_server
    fake_slack.add_user(EMPLOYEE_B, email="bo@example.com", team_id=TEAM_B)
    _install(browser, fake_slack, team=TEAM_A, token=TOKEN_A, name="Acme A")
    _install(browser, fake_slack, team=TEAM_B, token=TOKEN_B, name="Bravo B")
    fake_slack.reset()
    body = slack_requests.slash_command(
        "goals", user_id=EMPLOYEE_B, team_id=TEAM_B, trigger_id=fake_slack.issue_trigger_id()
    )
    assert server.post(body)[0] == 200
    (opened,) = fake_slack.wait_for("views.open")
    assert opened.token == TOKEN_B


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


# ---- uninstall and revoked tokens -----------------------------------------------------------


def _deliveries(engine: Engine, team: str, *states: str, recipient: str = EMPLOYEE) -> None:
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


def _states(engine: Engine, team: str) -> list[tuple[str, str | None]]:
    with session_scope(engine) as session:
        rows = session.exec(
            select(Delivery.state, Delivery.last_error)
            .join(Workspace, col(Workspace.id) == col(Delivery.workspace_id))
            .where(col(Workspace.slack_team_id) == team)
            .order_by(col(Delivery.id))
        ).all()
    return [(row[0], row[1]) for row in rows]


def _uninstalled_at(engine: Engine, team: str) -> datetime | None:
    with session_scope(engine) as session:
        return session.exec(
            select(Workspace.uninstalled_at).where(col(Workspace.slack_team_id) == team)
        ).one()


def _event(server: AppServer, event: dict[str, Any], *, team: str) -> None:
    body = slack_requests.event_callback(event, team_id=team, event_id=f"Ev{event['type']}{team}")
    status, _, _ = server.post(body)
    assert status == 200


def _wait_until(condition: Any) -> None:
    deadline = datetime.now(UTC) + timedelta(seconds=5)
    while not condition():
        assert datetime.now(UTC) < deadline, "timed out"
        threading.Event().wait(0.02)


@pytest.mark.parametrize(
    "event",
    [
        {"type": "app_uninstalled"},
        {"type": "tokens_revoked", "tokens": {"bot": ["U0BOT00001"]}},
    ],
    ids=["app_uninstalled", "tokens_revoked"],
)
def test_uninstall_purges_that_workspaces_tokens_and_kills_its_pending_deliveries(
    oauth_server: tuple[AppServer, Browser],
    engine: Engine,
    fake_slack: FakeSlack,
    event: dict[str, Any],
) -> None:
    server, browser = oauth_server
    _install(browser, fake_slack, team=TEAM_A, token=TOKEN_A, name="Acme A")
    _install(browser, fake_slack, team=TEAM_B, token=TOKEN_B, name="Bravo B")
    _deliveries(engine, TEAM_A, "pending", "sent", "pending")
    _deliveries(engine, TEAM_B, "pending")

    _event(server, event, team=TEAM_A)
    _wait_until(lambda: _uninstalled_at(engine, TEAM_A) is not None)

    assert _count(engine, "slack_bots", TEAM_A) == 0
    assert _count(engine, "slack_installations", TEAM_A) == 0
    assert _bots(engine) == [(TEAM_B, TOKEN_B)]
    dead = ("dead", "app uninstalled")
    assert _states(engine, TEAM_A) == [dead, ("sent", None), dead]
    assert _states(engine, TEAM_B) == [("pending", None)]
    assert _uninstalled_at(engine, TEAM_B) is None
    lookup = installed_clients(_oauth(server), engine)
    assert lookup(_workspace_id(engine, TEAM_A)) is None
    client_b = lookup(_workspace_id(engine, TEAM_B))
    assert client_b is not None and client_b.token == TOKEN_B


def test_revoking_only_a_persons_token_keeps_the_bot_installed(
    oauth_server: tuple[AppServer, Browser], engine: Engine, fake_slack: FakeSlack
) -> None:
    server, browser = oauth_server
    _install(browser, fake_slack, team=TEAM_A, token=TOKEN_A, name="Acme A")
    _deliveries(engine, TEAM_A, "pending")
    _event(server, {"type": "tokens_revoked", "tokens": {"oauth": ["U0INSTALL1"]}}, team=TEAM_A)
    _wait_until(lambda: _count(engine, "slack_installations", TEAM_A) == 0)
    assert _bots(engine) == [(TEAM_A, TOKEN_A)]
    assert _states(engine, TEAM_A) == [("pending", None)]
    assert _uninstalled_at(engine, TEAM_A) is None


def test_installing_again_after_an_uninstall_makes_the_workspace_active_again(
    oauth_server: tuple[AppServer, Browser], engine: Engine, fake_slack: FakeSlack
) -> None:
    server, browser = oauth_server
    _install(browser, fake_slack, team=TEAM_A, token=TOKEN_A, name="Acme A")
    _event(server, {"type": "app_uninstalled"}, team=TEAM_A)
    _wait_until(lambda: _uninstalled_at(engine, TEAM_A) is not None)
    _install(browser, fake_slack, team=TEAM_A, token="xoxb-team-a-again", name="Acme A")
    assert _uninstalled_at(engine, TEAM_A) is None
    assert _bots(engine) == [(TEAM_A, "xoxb-team-a-again")]


def test_single_token_mode_uninstall_stops_deliveries_too(
    app_server: AppServer, engine: Engine
) -> None:
    team = app_server.fake.team_id
    with session_scope(engine) as session:
        person_for(session=session, slack_team_id=team, slack_user_id=EMPLOYEE, now=NOW)
    _deliveries(engine, team, "pending")
    _event(app_server, {"type": "app_uninstalled"}, team=team)
    _wait_until(lambda: _uninstalled_at(engine, team) is not None)
    assert _states(engine, team) == [("dead", "app uninstalled")]


# ---- tokens for background work -------------------------------------------------------------


def _oauth(server: AppServer) -> Settings:
    return Settings(
        database_url="unused",
        slack_api_url=server.fake.api_url,
        client_id=server.fake.client_id,
        client_secret=server.fake.client_secret,
    )


def _workspace_id(engine: Engine, team: str) -> int:
    with session_scope(engine) as session:
        found = session.exec(select(Workspace.id).where(col(Workspace.slack_team_id) == team)).one()
    assert found is not None
    return found


def test_the_deliver_job_sends_each_workspaces_rows_with_its_own_token(
    oauth_server: tuple[AppServer, Browser],
    oauth_settings: Settings,
    engine: Engine,
    fake_slack: FakeSlack,
) -> None:
    _, browser = oauth_server
    fake_slack.add_user(EMPLOYEE_B, email="bo@example.com", team_id=TEAM_B)
    _install(browser, fake_slack, team=TEAM_A, token=TOKEN_A, name="Acme A")
    _install(browser, fake_slack, team=TEAM_B, token=TOKEN_B, name="Bravo B")
    _deliveries(engine, TEAM_A, "pending")
    _deliveries(engine, TEAM_B, "pending", recipient=EMPLOYEE_B)
    fake_slack.reset()

    report = deliver.run(JobContext(oauth_settings, engine))

    assert report["sent"] == 2
    sent = {c.args["channel"]: c.token for c in fake_slack.calls_to("chat.postMessage")}
    assert sent == {EMPLOYEE: TOKEN_A, EMPLOYEE_B: TOKEN_B}


def test_single_token_mode_sends_every_workspace_with_slack_bot_token(
    settings: Settings, engine: Engine
) -> None:
    client = deliver.clients_for(settings, engine)(12345)
    assert client is not None and client.token == settings.bot_token


def test_an_unknown_workspace_has_no_client_in_oauth_mode(
    oauth_settings: Settings, engine: Engine
) -> None:
    assert deliver.clients_for(oauth_settings, engine)(12345) is None


def _save_installation(settings: Settings, engine: Engine, *, team: str, token: str) -> None:
    installation_store(settings, engine).save(
        Installation(
            app_id="A0APP00001",
            team_id=team,
            team_name=team,
            bot_token=token,
            bot_id="B0BOT00001",
            bot_user_id="U0BOT00001",
            user_id="U0INSTALL1",
        )
    )


def test_team_set_acts_in_the_workspace_named_by_workspace(
    oauth_settings: Settings,
    engine: Engine,
    fake_slack: FakeSlack,
    slack_env: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("SLACK_BOT_TOKEN")
    monkeypatch.setenv("SLACK_CLIENT_ID", fake_slack.client_id)
    monkeypatch.setenv("SLACK_CLIENT_SECRET", fake_slack.client_secret)
    fake_slack.add_token(TOKEN_B, TEAM_B)
    fake_slack.add_user(EMPLOYEE_B, email="bo@example.com", team_id=TEAM_B)
    _save_installation(oauth_settings, engine, team=TEAM_B, token=TOKEN_B)
    args = ["team", "set", "Core", "--lead", "bo@example.com", "--channel", "C0CORE0001"]

    assert main(args) == CONFIG
    assert "--workspace T0123ABCD" in capsys.readouterr().err
    assert main([*args, "--workspace", TEAM_A]) == CONFIG
    assert "not installed in workspace T0AAAAAAA1" in capsys.readouterr().err
    assert main([*args, "--workspace", TEAM_B]) == 0
    assert {c.token for c in fake_slack.calls if c.method != "oauth.v2.access"} == {TOKEN_B}


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


def test_the_install_asks_for_the_manifests_bot_scopes_and_events() -> None:
    manifest = yaml.safe_load((REPO_ROOT / "manifest.yml").read_text(encoding="utf-8"))
    assert sorted(manifest["oauth_config"]["scopes"]["bot"]) == sorted(BOT_SCOPES)
    events = manifest["settings"]["event_subscriptions"]["bot_events"]
    assert {"app_uninstalled", "tokens_revoked"} <= set(events)
    assert manifest["oauth_config"]["redirect_urls"] == ["https://YOUR-HOST/slack/oauth_redirect"]
