"""Enterprise Grid: an org-wide install serves each workspace of the org with its own data."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine

from bot.slack.installations import installed_clients
from tests.support import slack_requests
from tests.support.app_server import AppServer
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE
from tests.support.oauth_install import (
    EMPLOYEE_B,
    TEAM_A,
    TEAM_B,
    Browser,
    add_deliveries,
    bot_rows,
    install,
)
from tests.support.rotation_world import (
    ORG,
    ORG_NAME,
    ORG_TOKEN,
    oauth_of,
    open_home,
    people_by_workspace,
    send_event,
    wait_until,
    workspace_of,
)


def _org(fake: FakeSlack) -> None:
    fake.add_enterprise(ORG, ORG_NAME, {TEAM_A: "Globex Paris", TEAM_B: "Globex Lima"})
    fake.add_user(EMPLOYEE_B, email="bo@example.com", team_id=TEAM_B)


def _install_org(browser: Browser, fake: FakeSlack, **options: Any) -> str:
    return install(
        browser,
        fake,
        team=None,
        token=ORG_TOKEN,
        name=ORG_NAME,
        enterprise=(ORG, ORG_NAME),
        **options,
    )


def test_an_org_wide_install_is_stored_for_the_org_with_our_scopes(
    oauth_server: tuple[AppServer, Browser], engine: Engine, fake_slack: FakeSlack
) -> None:
    _, browser = oauth_server
    _org(fake_slack)
    _install_org(browser, fake_slack)  # Slack accepted every scope we ask for, org-wide
    (exchange,) = fake_slack.calls_to("oauth.v2.access")
    assert exchange.ok and exchange.response["is_enterprise_install"] is True
    (row,) = bot_rows(engine)
    assert (row["enterprise_id"], row["team_id"], row["is_enterprise_install"]) == (
        ORG,
        None,
        True,
    )
    assert row["bot_token"] == ORG_TOKEN


def test_a_scope_slack_refuses_org_wide_fails_the_install(
    oauth_server: tuple[AppServer, Browser], engine: Engine, fake_slack: FakeSlack
) -> None:
    _, browser = oauth_server
    _org(fake_slack)
    _install_org(browser, fake_slack, extra_scopes=",incoming-webhook", expect=401)
    assert [c.error for c in fake_slack.calls_to("oauth.v2.access")] == [
        "scope_not_allowed_on_enterprise"
    ]
    assert bot_rows(engine) == []


def test_events_from_two_workspaces_of_the_org_land_in_their_own_workspace(
    oauth_server: tuple[AppServer, Browser], engine: Engine, fake_slack: FakeSlack
) -> None:
    server, browser = oauth_server
    _org(fake_slack)
    _install_org(browser, fake_slack)

    token_a = open_home(server, team=TEAM_A, user=EMPLOYEE, org_wide=True)
    token_b = open_home(server, team=TEAM_B, user=EMPLOYEE_B, org_wide=True)

    assert (token_a, token_b) == (ORG_TOKEN, ORG_TOKEN)  # the org's token serves both
    assert people_by_workspace(engine) == sorted([(EMPLOYEE, TEAM_A), (EMPLOYEE_B, TEAM_B)])
    for team in (TEAM_A, TEAM_B):
        assert workspace_of(engine, team).slack_enterprise_id == ORG
    # The outbox, knowing only the workspace, finds the org's token for it.
    add_deliveries(engine, TEAM_B, "pending", recipient=EMPLOYEE_B)
    client = installed_clients(oauth_of(fake_slack), engine)(workspace_of(engine, TEAM_B).id or 0)
    assert client is not None and client.token == ORG_TOKEN


def test_a_slash_command_from_a_workspace_of_the_org_runs_with_the_orgs_token(
    oauth_server: tuple[AppServer, Browser], engine: Engine, fake_slack: FakeSlack
) -> None:
    server, browser = oauth_server
    _org(fake_slack)
    _install_org(browser, fake_slack)
    body = slack_requests.slash_command(
        "goals",
        user_id=EMPLOYEE_B,
        team_id=TEAM_B,
        trigger_id=fake_slack.issue_trigger_id(),
        enterprise_id=ORG,
        org_wide=True,
    )
    assert server.post(body)[0] == 200
    (opened,) = fake_slack.wait_for("views.open")
    assert opened.token == ORG_TOKEN
    assert people_by_workspace(engine) == [(EMPLOYEE_B, TEAM_B)]


def test_uninstalling_the_org_wide_install_ends_every_workspace_of_the_org(
    oauth_server: tuple[AppServer, Browser], engine: Engine, fake_slack: FakeSlack
) -> None:
    server, browser = oauth_server
    _org(fake_slack)
    _install_org(browser, fake_slack)
    open_home(server, team=TEAM_A, user=EMPLOYEE, org_wide=True)
    open_home(server, team=TEAM_B, user=EMPLOYEE_B, org_wide=True)

    send_event(server, {"type": "app_uninstalled"}, team=TEAM_A, enterprise_id=ORG, org_wide=True)
    wait_until(lambda: workspace_of(engine, TEAM_B).uninstalled_at is not None)
    assert workspace_of(engine, TEAM_A).uninstalled_at is not None
    assert bot_rows(engine) == []

    _install_org(browser, fake_slack)  # installed again: the org's workspaces are back
    for team in (TEAM_A, TEAM_B):
        assert workspace_of(engine, team).uninstalled_at is None
