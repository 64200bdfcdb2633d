"""The real slack_sdk WebClient against FakeSlack: answers, recording, violations."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.support.fakeslack import Call, FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER

SECTION = {"type": "section", "text": {"type": "mrkdwn", "text": "Hello *Ada*"}}


def client(fake: FakeSlack, token: str | None = None) -> WebClient:
    return WebClient(token=token or fake.bot_token, base_url=fake.api_url, retry_handlers=[])


def rejected(fake: FakeSlack, method: str, **kwargs: Any) -> tuple[str, list[str]]:
    """Call `method` expecting Slack to refuse; returns the error and the violations."""
    with pytest.raises(SlackApiError) as raised:
        client(fake).api_call(method, json=kwargs)
    return raised.value.response["error"], fake.take_violations()


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


def test_ts_values_are_unique_and_increasing(fake_slack: FakeSlack) -> None:
    web = client(fake_slack)
    stamps = [web.chat_postMessage(channel=EMPLOYEE, text=str(i))["ts"] for i in range(3)]
    assert stamps == sorted(stamps, key=float)
    assert len(set(stamps)) == 3


def test_conversations_open_gives_a_stable_dm_id(fake_slack: FakeSlack) -> None:
    web = client(fake_slack)
    first = web.conversations_open(users=EMPLOYEE)["channel"]["id"]
    again = web.conversations_open(users=EMPLOYEE)["channel"]["id"]
    other = web.conversations_open(users=MANAGER)["channel"]["id"]
    assert first == again != other
    assert first.startswith("D")


def test_form_encoded_bodies_with_json_strings_are_decoded(fake_slack: FakeSlack) -> None:
    client(fake_slack).api_call(
        "chat.postMessage",
        data={"channel": EMPLOYEE, "text": "x", "blocks": f"[{json.dumps(SECTION)}]"},
    )
    assert fake_slack.calls_to("chat.postMessage")[0].args["blocks"] == [SECTION]


def test_update_and_delete_need_an_existing_message(fake_slack: FakeSlack) -> None:
    web = client(fake_slack)
    posted = web.chat_postMessage(channel=EMPLOYEE, text="v1")
    web.chat_update(channel=posted["channel"], ts=posted["ts"], text="v2")
    assert [m["text"] for m in fake_slack.messages()] == ["v2"]
    web.chat_delete(channel=posted["channel"], ts=posted["ts"])
    assert fake_slack.messages() == []
    with pytest.raises(SlackApiError, match="message_not_found"):
        web.chat_update(channel=posted["channel"], ts=posted["ts"], text="v3")


def test_channels_must_exist_and_hold_the_bot(fake_slack: FakeSlack) -> None:
    fake_slack.add_channel("C0PUBLIC01")
    fake_slack.add_channel("C0PRIVATE1", members_bot=False)
    web = client(fake_slack)
    web.chat_postMessage(channel="C0PUBLIC01", text="ok")
    with pytest.raises(SlackApiError, match="not_in_channel"):
        web.chat_postMessage(channel="C0PRIVATE1", text="no")
    with pytest.raises(SlackApiError, match="channel_not_found"):
        web.chat_postMessage(channel="C0NOWHERE1", text="no")


def test_users_directory(fake_slack: FakeSlack) -> None:
    web = client(fake_slack)
    ada = web.users_lookupByEmail(email="ADA@example.com")["user"]
    assert ada["id"] == EMPLOYEE
    assert ada["tz"] == "Europe/Berlin" and ada["tz_offset"] in (3600, 7200)
    assert web.users_info(user=EMPLOYEE)["user"]["profile"]["email"] == "ada@example.com"
    assert web.users_profile_get(user=MANAGER)["profile"]["real_name"] == "Grace Hopper"
    with pytest.raises(SlackApiError, match="user_not_found"):
        web.users_info(user="U0NOBODY01")
    with pytest.raises(SlackApiError, match="users_not_found"):
        web.users_lookupByEmail(email="nobody@example.com")


def test_users_list_paginates_with_cursor(fake_slack: FakeSlack) -> None:
    web = client(fake_slack)
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        page = web.users_list(limit=2, cursor=cursor)
        seen += [u["id"] for u in page["members"]]
        pages += 1
        cursor = page["response_metadata"]["next_cursor"]
        if not cursor:
            break
    assert pages == 2
    assert seen == ["U0EMPLOYEE1", "U0MANAGER1", "U0STRANGER1"]


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
    fake_slack.add_token("xoxb-other", "T0OTHER001", team_name="Globex")
    assert client(fake_slack, "xoxb-other").auth_test()["team_id"] == "T0OTHER001"
    assert client(fake_slack, "xoxb-other").team_info()["team"]["name"] == "Globex"


@pytest.mark.parametrize(
    ("method", "kwargs", "error", "violation"),
    [
        ("chat.postMesage", {"channel": EMPLOYEE, "text": "x"}, "unknown_method", "not a method"),
        ("chat.postMessage", {"text": "x"}, "channel_not_found", "'channel'"),
        ("chat.postMessage", {"channel": EMPLOYEE}, "no_text", "one of text"),
        ("users.lookupByEmail", {}, "invalid_arguments", "'email'"),
        ("chat.postEphemeral", {"channel": EMPLOYEE, "text": "x"}, "user_not_in_channel", "user"),
        (
            "chat.postMessage",
            {"channel": EMPLOYEE, "text": "x", "blocks": [SECTION] * 51},
            "invalid_blocks",
            "blocks: 51 blocks > 50",
        ),
        (
            "chat.postMessage",
            {
                "channel": EMPLOYEE,
                "text": "x",
                "blocks": [
                    SECTION,
                    {"type": "section", "text": {"type": "mrkdwn", "text": "a" * 3100}},
                ],
            },
            "invalid_blocks",
            "blocks[1].text: 3100 chars > 3000",
        ),
        (
            "chat.postMessage",
            {"channel": EMPLOYEE, "text": "x", "blocks": [{"type": "sectoin"}]},
            "invalid_blocks",
            "unknown block type 'sectoin'",
        ),
    ],
)
def test_calls_slack_would_reject_answer_its_error_and_are_violations(
    fake_slack: FakeSlack, method: str, kwargs: dict[str, Any], error: str, violation: str
) -> None:
    got_error, violations = rejected(fake_slack, method, **kwargs)
    assert got_error == error
    assert len(violations) == 1
    assert violations[0].startswith(f"{method}: {error}")
    assert violation in violations[0]


def test_blocks_without_fallback_text_succeed_but_are_a_violation(fake_slack: FakeSlack) -> None:
    # slack_sdk's chat_postMessage warns here (an error under filterwarnings); bypass it.
    response = client(fake_slack).api_call(
        "chat.postMessage", json={"channel": EMPLOYEE, "blocks": [SECTION]}
    )
    assert response["ok"] is True
    assert fake_slack.take_violations() == [
        "chat.postMessage: blocks without a fallback top-level `text`"
    ]


def test_invalid_blocks_carry_slacks_error_messages(fake_slack: FakeSlack) -> None:
    with pytest.raises(SlackApiError) as raised:
        client(fake_slack).chat_postMessage(channel=EMPLOYEE, text="x", blocks=[{"type": "x"}])
    messages = raised.value.response["response_metadata"]["messages"]
    assert messages == ["[ERROR] blocks[0].type: unknown block type 'x'"]
    fake_slack.take_violations()


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


def test_schedule_message_checks_post_at(fake_slack: FakeSlack) -> None:
    web = client(fake_slack)
    post_at = int(time.time()) + 3600
    answer = web.chat_scheduleMessage(channel=EMPLOYEE, text="later", post_at=post_at)
    assert answer["scheduled_message_id"].startswith("Q")
    assert [s["post_at"] for s in fake_slack.scheduled] == [post_at]
    with pytest.raises(SlackApiError, match="time_in_past"):
        web.chat_scheduleMessage(channel=EMPLOYEE, text="late", post_at=post_at - 7200)
    assert len(fake_slack.take_violations()) == 1


def test_file_upload_v2_round_trip(fake_slack: FakeSlack) -> None:
    web = client(fake_slack)
    web.files_upload_v2(content=b"notes", filename="prep.txt", channel=EMPLOYEE)
    [upload] = fake_slack.uploads.values()
    assert upload["content"] == b"notes"
    assert upload["channel"] == fake_slack.dm_channel(EMPLOYEE)


def test_completing_an_upload_that_never_happened_fails(fake_slack: FakeSlack) -> None:
    web = client(fake_slack)
    file_id = web.files_getUploadURLExternal(filename="prep.txt", length=5)["file_id"]
    with pytest.raises(SlackApiError, match="file_not_found"):
        web.files_completeUploadExternal(files=[{"id": file_id}])
    assert len(fake_slack.take_violations()) == 1
