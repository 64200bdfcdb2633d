"""The fake's OAuth grants follow Slack's rules: single-use refresh tokens, expiry, org-wide."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.support.fakeslack import FakeSlack
from tests.support.rotation_world import MovingClock


def _access(fake: FakeSlack, **args: Any) -> Any:
    client = WebClient(base_url=fake.api_url)
    return client.oauth_v2_access(
        client_id=fake.client_id, client_secret=fake.client_secret, **args
    )


def test_a_refresh_token_works_once_and_the_access_token_expires_on_the_fakes_clock(
    fake_slack: FakeSlack,
) -> None:
    clock = MovingClock()
    clock.follow(fake_slack)
    fake_slack.add_oauth_code("c", team_id="T0ROT00001", bot_token="xoxe.xoxb-1-a", rotating=True)
    first = _access(fake_slack, code="c")
    assert (first["expires_in"], first["token_type"]) == (43200, "bot")
    renewed = _access(fake_slack, grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert renewed["refresh_token"] != first["refresh_token"]
    with pytest.raises(SlackApiError) as spent:
        _access(fake_slack, grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert spent.value.response["error"] == "invalid_refresh_token"

    assert WebClient(token="xoxe.xoxb-1-a", base_url=fake_slack.api_url).auth_test()["ok"]
    clock.advance(hours=12)
    with pytest.raises(SlackApiError) as expired:
        WebClient(token="xoxe.xoxb-1-a", base_url=fake_slack.api_url).auth_test()
    assert expired.value.response["error"] == "token_expired"


def test_an_org_wide_grant_names_the_org_and_no_team_and_refuses_workspace_only_scopes(
    fake_slack: FakeSlack,
) -> None:
    fake_slack.add_enterprise("E0ORG00001", "Org", {"T0ORGA0001": "A"})
    org = ("E0ORG00001", "Org")
    fake_slack.add_oauth_code("ok", team_id=None, bot_token="xoxb-org", enterprise=org)
    answer = _access(fake_slack, code="ok")
    assert (answer["is_enterprise_install"], answer["team"]) == (True, None)
    assert answer["enterprise"] == {"id": "E0ORG00001", "name": "Org"}
    fake_slack.add_oauth_code(
        "no", team_id=None, bot_token="xoxb-x", enterprise=org, scope="chat:write,incoming-webhook"
    )
    with pytest.raises(SlackApiError) as refused:
        _access(fake_slack, code="no")
    assert refused.value.response["error"] == "scope_not_allowed_on_enterprise"
