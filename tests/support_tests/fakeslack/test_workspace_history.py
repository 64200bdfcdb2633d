"""conversations.history and message metadata on the fake, as Slack answers them."""

from __future__ import annotations

import time

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER

pytestmark = pytest.mark.usefixtures("history_scopes")  # what conversations.history needs

META = {"event_type": "career_bot_delivery", "event_payload": {"delivery_id": 7}}


def client(fake: FakeSlack) -> WebClient:
    return WebClient(token=fake.bot_token, base_url=fake.api_url, retry_handlers=[])


def test_history_lists_a_dm_newest_first_with_metadata_only_when_asked(
    fake_slack: FakeSlack,
) -> None:
    web = client(fake_slack)
    first = web.chat_postMessage(channel=EMPLOYEE, text="one", metadata=META)
    second = web.chat_postMessage(channel=EMPLOYEE, text="two")
    web.chat_postMessage(channel=MANAGER, text="elsewhere")
    dm = web.conversations_open(users=EMPLOYEE)["channel"]["id"]

    bare = web.conversations_history(channel=dm)
    assert [m["text"] for m in bare["messages"]] == ["two", "one"]
    assert all("metadata" not in m for m in bare["messages"])
    assert bare["has_more"] is False

    full = web.conversations_history(channel=dm, include_all_metadata=True)
    assert full["messages"][1]["metadata"] == META
    assert full["messages"][1]["ts"] == first["ts"]
    assert "metadata" not in full["messages"][0]

    after = web.conversations_history(channel=dm, oldest=first["ts"])
    assert [m["ts"] for m in after["messages"]] == [second["ts"]]
    inclusive = web.conversations_history(channel=dm, oldest=first["ts"], inclusive=True)
    assert len(inclusive["messages"]) == 2


def test_each_user_has_a_dm_of_their_own_even_when_their_ids_share_a_long_prefix(
    fake_slack: FakeSlack,
) -> None:
    """Slack never puts two people in one DM with the bot; a fake that did would hide a leak
    and fill one DM with everybody's messages (the outbox's history look-ups then overflow)."""
    web = client(fake_slack)
    people = [f"U0FLT{i:05d}" for i in range(12)]  # U0FLT00000 ... U0FLT00011
    for person in people:
        fake_slack.add_user(person)
        web.chat_postMessage(channel=person, text=f"for {person}")
    dms = [web.conversations_open(users=person)["channel"]["id"] for person in people]
    assert len(set(dms)) == len(people)
    for person, dm in zip(people, dms, strict=True):
        messages = web.conversations_history(channel=dm)["messages"]
        assert [m["text"] for m in messages] == [f"for {person}"]


def test_history_pages_with_a_cursor(fake_slack: FakeSlack) -> None:
    web = client(fake_slack)
    for i in range(5):
        web.chat_postMessage(channel=EMPLOYEE, text=str(i))
    dm = fake_slack.dm_channel(EMPLOYEE)
    page = web.conversations_history(channel=dm, limit=3)
    assert [m["text"] for m in page["messages"]] == ["4", "3", "2"]
    assert page["has_more"] is True
    cursor = page["response_metadata"]["next_cursor"]
    rest = web.conversations_history(channel=dm, limit=3, cursor=cursor)
    assert [m["text"] for m in rest["messages"]] == ["1", "0"]
    assert rest["has_more"] is False


def test_history_takes_a_conversation_not_a_user(fake_slack: FakeSlack) -> None:
    with pytest.raises(SlackApiError) as raised:
        client(fake_slack).conversations_history(channel=EMPLOYEE)
    assert raised.value.response["error"] == "channel_not_found"
    fake_slack.add_channel("C0OUTSIDE1", members_bot=False)
    with pytest.raises(SlackApiError) as raised:
        client(fake_slack).conversations_history(channel="C0OUTSIDE1")
    assert raised.value.response["error"] == "not_in_channel"
    fake_slack.take_violations()


def test_message_ts_is_the_time_of_posting(fake_slack: FakeSlack) -> None:
    before = time.time()
    posted = client(fake_slack).chat_postMessage(channel=EMPLOYEE, text="now")
    assert before <= float(posted["ts"]) <= time.time() + 1


def test_malformed_metadata_is_refused(fake_slack: FakeSlack) -> None:
    with pytest.raises(SlackApiError) as raised:
        client(fake_slack).chat_postMessage(
            channel=EMPLOYEE, text="x", metadata={"event_payload": {}}
        )
    assert raised.value.response["error"] == "invalid_metadata_format"
    assert fake_slack.messages() == []
    assert [v.split(":")[1].strip() for v in fake_slack.take_violations()] == [
        "invalid_metadata_format"
    ]
