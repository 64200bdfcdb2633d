"""Calls FakeSlack refuses as Slack would (each a violation), blocks without fallback text,
and file uploads."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk.errors import SlackApiError

from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE
from tests.support.web_client import SECTION, client, rejected


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
