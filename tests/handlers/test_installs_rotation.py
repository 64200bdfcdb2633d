"""Rotating tokens over the real install flow: refreshed on a request, by the outbox, erased."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.engine import Engine

from bot.clock import Clock
from bot.outbox.dispatch import drain
from bot.slack.installations import installed_clients
from tests.support.app_server import AppServer
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE
from tests.support.oauth_install import (
    TEAM_A,
    Browser,
    add_deliveries,
    bot_rows,
    count_rows,
    install,
)
from tests.support.rotation_world import (
    ROTATING_TOKEN,
    MovingClock,
    oauth_of,
    open_home,
    send_event,
    wait_until,
    workspace_of,
)

CLOCK = MovingClock()


@pytest.fixture
def app_clock(fake_slack: FakeSlack) -> Clock:
    """The app and the fake on one clock, starting now; each test moves it."""
    CLOCK.now = MovingClock().now
    CLOCK.follow(fake_slack)
    return CLOCK


def _install(browser: Browser, fake: FakeSlack, engine: Engine) -> dict[str, Any]:
    install(browser, fake, team=TEAM_A, token=ROTATING_TOKEN, name="Acme A", rotating=True)
    (row,) = bot_rows(engine)
    return row


def test_an_install_with_rotation_stores_the_refresh_token_and_the_expiry(
    oauth_server: tuple[AppServer, Browser], fake_slack: FakeSlack, engine: Engine
) -> None:
    _, browser = oauth_server
    row = _install(browser, fake_slack, engine)
    assert row["bot_token"] == ROTATING_TOKEN
    assert row["bot_refresh_token"].startswith("xoxe-1-")
    expires_at = fake_slack.expires_at(ROTATING_TOKEN)
    assert expires_at is not None
    assert abs(row["bot_token_expires_at"].timestamp() - expires_at) < 5  # 12 h from now


def test_a_request_after_the_token_expired_refreshes_it_once_and_works(
    oauth_server: tuple[AppServer, Browser], fake_slack: FakeSlack, engine: Engine
) -> None:
    server, browser = oauth_server
    first = _install(browser, fake_slack, engine)
    assert open_home(server, team=TEAM_A, user=EMPLOYEE, event_id="Ev1") == ROTATING_TOKEN
    assert fake_slack.refreshes() == []  # 12 hours left: nothing to refresh

    CLOCK.advance(hours=13)  # past the expiry: the old token answers token_expired now
    token = open_home(server, team=TEAM_A, user=EMPLOYEE, event_id="Ev2")
    (refresh,) = fake_slack.refreshes()
    assert refresh.args["refresh_token"] == first["bot_refresh_token"]
    assert token == refresh.response["access_token"] != ROTATING_TOKEN
    assert [c for c in fake_slack.calls if c.error == "token_expired"] == []
    (row,) = bot_rows(engine)
    assert (row["bot_token"], row["bot_refresh_token"]) == (
        token,
        refresh.response["refresh_token"],
    )
    open_home(server, team=TEAM_A, user=EMPLOYEE, event_id="Ev3")
    assert len(fake_slack.refreshes()) == 1  # the new token is fresh: no second refresh


def test_the_dispatcher_sends_with_a_refreshed_token(
    oauth_server: tuple[AppServer, Browser], fake_slack: FakeSlack, engine: Engine
) -> None:
    _, browser = oauth_server
    _install(browser, fake_slack, engine)
    add_deliveries(engine, TEAM_A, "pending", "pending")
    CLOCK.advance(hours=11)  # under 2 hours left: refreshed before it expires
    report = drain(
        engine, installed_clients(oauth_of(fake_slack), engine, clock=CLOCK), clock=CLOCK
    )
    assert report.as_dict()["sent"] == 2
    (refresh,) = fake_slack.refreshes()
    posts = fake_slack.calls_to("chat.postMessage")
    assert [c.token for c in posts] == [refresh.response["access_token"]] * 2
    assert all(c.ok for c in posts)


@pytest.mark.parametrize(
    "event",
    [{"type": "app_uninstalled"}, {"type": "tokens_revoked", "tokens": {"bot": ["U0BOT00001"]}}],
    ids=["app_uninstalled", "tokens_revoked"],
)
def test_uninstall_erases_the_access_and_the_refresh_token(
    oauth_server: tuple[AppServer, Browser],
    fake_slack: FakeSlack,
    engine: Engine,
    event: dict[str, Any],
) -> None:
    server, browser = oauth_server
    _install(browser, fake_slack, engine)
    CLOCK.advance(hours=13)
    open_home(server, team=TEAM_A, user=EMPLOYEE)  # refreshed: a second refresh token stored
    send_event(server, event, team=TEAM_A)
    wait_until(lambda: workspace_of(engine, TEAM_A).uninstalled_at is not None)
    assert bot_rows(engine) == []
    assert count_rows(engine, "slack_installations", TEAM_A) == 0  # they carried it too
    assert (
        installed_clients(oauth_of(fake_slack), engine, clock=CLOCK)(
            workspace_of(engine, TEAM_A).id or 0
        )
        is None
    )
