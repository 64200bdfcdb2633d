"""FakeSlack's conversations and messages: ts, DMs, updates and deletes, channels, scheduling."""

from __future__ import annotations

import time

import pytest
from slack_sdk.errors import SlackApiError

from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER
from tests.support.web_client import client


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


def test_schedule_message_checks_post_at(fake_slack: FakeSlack) -> None:
    web = client(fake_slack)
    post_at = int(time.time()) + 3600
    answer = web.chat_scheduleMessage(channel=EMPLOYEE, text="later", post_at=post_at)
    assert answer["scheduled_message_id"].startswith("Q")
    assert [s["post_at"] for s in fake_slack.scheduled] == [post_at]
    with pytest.raises(SlackApiError, match="time_in_past"):
        web.chat_scheduleMessage(channel=EMPLOYEE, text="late", post_at=post_at - 7200)
    assert len(fake_slack.take_violations()) == 1
