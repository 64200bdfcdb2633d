"""The fake enforces scopes as Slack does: missing_scope with needed/provided, x-oauth-scopes."""

from __future__ import annotations

import pytest
import yaml
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE
from tests.support.fakeslack.methods import METHODS
from tests.support.fakeslack.scopes import DEFAULT_BOT_SCOPES, NEEDED
from tests.support.slack_reference import REPO_ROOT


def client(fake: FakeSlack, token: str | None = None) -> WebClient:
    return WebClient(token=token or fake.bot_token, base_url=fake.api_url)


def test_a_token_holds_the_minimal_manifests_bot_scopes_by_default(fake_slack: FakeSlack) -> None:
    manifest = yaml.safe_load((REPO_ROOT / "manifest.yml").read_text(encoding="utf-8"))
    assert list(DEFAULT_BOT_SCOPES) == manifest["oauth_config"]["scopes"]["bot"]
    reply = client(fake_slack).auth_test()
    assert reply.headers["x-oauth-scopes"] == ",".join(DEFAULT_BOT_SCOPES)


def test_every_bot_method_the_fake_serves_has_its_scopes_listed() -> None:
    assert set(NEEDED) == {name for name, m in METHODS.items() if m.token == "bot"}


def test_a_method_without_its_scope_answers_missing_scope_with_needed_and_provided(
    fake_slack: FakeSlack,
) -> None:
    fake_slack.set_scopes(["chat:write"])  # a test taking scopes away: no violation
    with pytest.raises(SlackApiError) as raised:
        client(fake_slack).users_info(user=EMPLOYEE)
    answer = raised.value.response
    assert answer.status_code == 200
    assert (answer["error"], answer["needed"], answer["provided"]) == (
        "missing_scope",
        "users:read",
        "chat:write",
    )
    assert answer.headers["x-oauth-scopes"] == "chat:write"
    assert fake_slack.take_violations() == []


def test_the_manifests_scopes_lacking_a_method_is_a_violation(fake_slack: FakeSlack) -> None:
    dm = fake_slack.dm_channel(EMPLOYEE)
    with pytest.raises(SlackApiError, match="missing_scope"):
        client(fake_slack).conversations_history(channel=dm)
    (violation,) = fake_slack.take_violations()
    assert "conversations.history: missing_scope" in violation
    assert "manifest.yml does not ask for" in violation


def test_any_one_of_a_methods_scopes_will_do_and_grants_add_up(fake_slack: FakeSlack) -> None:
    fake_slack.grant("im:history")
    dm = fake_slack.dm_channel(EMPLOYEE)
    reply = client(fake_slack).conversations_history(channel=dm)
    assert reply.headers["x-oauth-scopes"].split(",") == [*DEFAULT_BOT_SCOPES, "im:history"]
    assert reply.headers["x-accepted-oauth-scopes"].split(",") == list(
        NEEDED["conversations.history"]
    )


def test_a_method_that_needs_no_scope_works_with_none(fake_slack: FakeSlack) -> None:
    fake_slack.set_scopes([])
    assert client(fake_slack).auth_test()["ok"] is True
    assert client(fake_slack).auth_test().headers["x-oauth-scopes"] == ""


def test_an_oauth_install_holds_the_scopes_it_was_granted(fake_slack: FakeSlack) -> None:
    fake_slack.add_oauth_code(
        "code-1", team_id="T0OTHER001", bot_token="xoxb-new", scope="chat:write"
    )
    answer = WebClient(base_url=fake_slack.api_url).oauth_v2_access(
        client_id=fake_slack.client_id, client_secret=fake_slack.client_secret, code="code-1"
    )
    assert answer["scope"] == "chat:write"
    with pytest.raises(SlackApiError, match="missing_scope"):
        client(fake_slack, "xoxb-new").users_list()
