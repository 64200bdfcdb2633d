"""The real slack_sdk WebClient against FakeSlack: answers, recording, tokens, violations."""

from __future__ import annotations

import json
import threading

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.support.fakeslack import Call, FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE
from tests.support.fakeslack.scopes import DEFAULT_BOT_SCOPES
from tests.support.web_client import SECTION, client, rejected


def test_a_valid_post_succeeds_and_is_recorded(fake_slack: FakeSlack) -> None:
    response = client(fake_slack).chat_postMessage(channel=EMPLOYEE, text="Hi", blocks=[SECTION])

    dm = fake_slack.dm_channel(EMPLOYEE)
    assert response["channel"] == dm
    [call] = fake_slack.calls_to("chat.postMessage")
    assert call == Call(
        "chat.postMessage",
        {"channel": EMPLOYEE, "text": "Hi", "blocks": [SECTION]},
        ok=True,
        error=None,
        response=response.data,  # type: ignore[arg-type]
        status=200,
        token=fake_slack.bot_token,
    )
    assert [m["text"] for m in fake_slack.messages(dm)] == ["Hi"]


def test_form_encoded_bodies_with_json_strings_are_decoded(fake_slack: FakeSlack) -> None:
    client(fake_slack).api_call(
        "chat.postMessage",
        data={"channel": EMPLOYEE, "text": "x", "blocks": f"[{json.dumps(SECTION)}]"},
    )
    assert fake_slack.calls_to("chat.postMessage")[0].args["blocks"] == [SECTION]


def test_legitimate_errors_are_not_violations(fake_slack: FakeSlack) -> None:
    with pytest.raises(SlackApiError):
        client(fake_slack).users_info(user="U0NOBODY01")
    assert fake_slack.violations == []


def test_tokens_are_checked(fake_slack: FakeSlack) -> None:
    with pytest.raises(SlackApiError, match="invalid_auth"):
        client(fake_slack, token="xoxb-revoked").auth_test()
    assert (
        WebClient(base_url=fake_slack.api_url)
        .apps_connections_open(app_token=fake_slack.app_token)["url"]
        .startswith("ws://")
    )
    with pytest.raises(SlackApiError, match="not_allowed_token_type"):
        client(fake_slack).apps_connections_open(app_token=fake_slack.bot_token)
    assert len(fake_slack.take_violations()) == 1


def test_a_second_workspace_token(fake_slack: FakeSlack) -> None:
    scopes = (*DEFAULT_BOT_SCOPES, "team:read")
    fake_slack.add_token("xoxb-other", "T0OTHER001", team_name="Globex", scopes=scopes)
    assert client(fake_slack, "xoxb-other").auth_test()["team_id"] == "T0OTHER001"
    assert client(fake_slack, "xoxb-other").team_info()["team"]["name"] == "Globex"


def test_assert_no_violations_lists_them(fake_slack: FakeSlack) -> None:
    rejected(fake_slack, "chat.postMessage", text="x")
    rejected(fake_slack, "chat.postMessage", text="x")  # taken; now provoke one and keep it
    with pytest.raises(SlackApiError):
        client(fake_slack).api_call("chat.postMessage", json={"text": "x"})
    with pytest.raises(AssertionError, match=r"1 call\(s\) Slack would reject:\n  chat\.post"):
        fake_slack.assert_no_violations()
    fake_slack.reset()
    assert fake_slack.calls == [] and fake_slack.violations == []


def test_wait_for_returns_calls_made_from_another_thread(fake_slack: FakeSlack) -> None:
    web = client(fake_slack)
    worker = threading.Thread(target=lambda: web.chat_postMessage(channel=EMPLOYEE, text="x"))
    worker.start()
    calls = fake_slack.wait_for("chat.postMessage", timeout=5)
    worker.join()
    assert [c.args["text"] for c in calls] == ["x"]


def test_wait_for_times_out_with_the_calls_so_far(fake_slack: FakeSlack) -> None:
    client(fake_slack).auth_test()
    with pytest.raises(AssertionError, match=r"(?s)chat.postMessage within 0.1s.*auth.test: ok"):
        fake_slack.wait_for("chat.postMessage", timeout=0.1)
