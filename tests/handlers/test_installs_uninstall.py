"""Uninstalling and revoked tokens: the workspace's tokens go, its pending deliveries die."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from bot.config import Settings
from bot.db import session_scope
from bot.models import Delivery, Workspace
from bot.services.org.people import person_for
from bot.slack.installations import installed_clients
from tests.support import slack_requests
from tests.support.app_server import AppServer
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE
from tests.support.oauth_install import (
    NOW,
    TEAM_A,
    TEAM_B,
    TOKEN_A,
    TOKEN_B,
    Browser,
    add_deliveries,
    bots,
    count_rows,
    install,
)

# ---- uninstall and revoked tokens -----------------------------------------------------------


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
    install(browser, fake_slack, team=TEAM_A, token=TOKEN_A, name="Acme A")
    install(browser, fake_slack, team=TEAM_B, token=TOKEN_B, name="Bravo B")
    add_deliveries(engine, TEAM_A, "pending", "sent", "pending")
    add_deliveries(engine, TEAM_B, "pending")

    _event(server, event, team=TEAM_A)
    _wait_until(lambda: _uninstalled_at(engine, TEAM_A) is not None)

    assert count_rows(engine, "slack_bots", TEAM_A) == 0
    assert count_rows(engine, "slack_installations", TEAM_A) == 0
    assert bots(engine) == [(TEAM_B, TOKEN_B)]
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
    install(browser, fake_slack, team=TEAM_A, token=TOKEN_A, name="Acme A")
    add_deliveries(engine, TEAM_A, "pending")
    _event(server, {"type": "tokens_revoked", "tokens": {"oauth": ["U0INSTALL1"]}}, team=TEAM_A)
    _wait_until(lambda: count_rows(engine, "slack_installations", TEAM_A) == 0)
    assert bots(engine) == [(TEAM_A, TOKEN_A)]
    assert _states(engine, TEAM_A) == [("pending", None)]
    assert _uninstalled_at(engine, TEAM_A) is None


def test_installing_again_after_an_uninstall_makes_the_workspace_active_again(
    oauth_server: tuple[AppServer, Browser], engine: Engine, fake_slack: FakeSlack
) -> None:
    server, browser = oauth_server
    install(browser, fake_slack, team=TEAM_A, token=TOKEN_A, name="Acme A")
    _event(server, {"type": "app_uninstalled"}, team=TEAM_A)
    _wait_until(lambda: _uninstalled_at(engine, TEAM_A) is not None)
    install(browser, fake_slack, team=TEAM_A, token="xoxb-team-a-again", name="Acme A")
    assert _uninstalled_at(engine, TEAM_A) is None
    assert bots(engine) == [(TEAM_A, "xoxb-team-a-again")]


def test_single_token_mode_uninstall_stops_deliveries_too(
    app_server: AppServer, engine: Engine
) -> None:
    team = app_server.fake.team_id
    with session_scope(engine) as session:
        person_for(session=session, slack_team_id=team, slack_user_id=EMPLOYEE, now=NOW)
    add_deliveries(engine, team, "pending")
    _event(app_server, {"type": "app_uninstalled"}, team=team)
    _wait_until(lambda: _uninstalled_at(engine, team) is not None)
    assert _states(engine, team) == [("dead", "app uninstalled")]
