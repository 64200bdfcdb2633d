"""FakeSlack's directory: users looked up, listed and paged through."""

from __future__ import annotations

import json
from typing import Any

import pytest
from slack_sdk.errors import SlackApiError

from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER
from tests.support.slack_reference import require_reference
from tests.support.web_client import client


def test_users_directory(fake_slack: FakeSlack) -> None:
    web = client(fake_slack)
    ada = web.users_lookupByEmail(email="ADA@example.com")["user"]
    assert ada["id"] == EMPLOYEE
    assert ada["tz"] == "Europe/Berlin" and ada["tz_offset"] in (3600, 7200)
    assert web.users_info(user=EMPLOYEE)["user"]["profile"]["email"] == "ada@example.com"
    fake_slack.grant("users.profile:read")
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


def test_conversations_info_shows_what_the_bot_may_see(fake_slack: FakeSlack) -> None:
    web = client(fake_slack)
    fake_slack.add_channel("C0PUBLIC01", members_bot=False)
    fake_slack.add_channel("C0PRIVATE1", private=True)
    fake_slack.add_channel("C0HIDDEN01", members_bot=False, private=True)
    public = web.conversations_info(channel="C0PUBLIC01")["channel"]
    assert (public["is_channel"], public["is_private"], public["is_member"]) == (True, False, False)
    private = web.conversations_info(channel="C0PRIVATE1")["channel"]
    assert (private["is_private"], private["is_member"]) == (True, True)
    # Slack hides a private channel from an app that is not in it, and says so for none at all.
    for hidden in ("C0HIDDEN01", "C0NOSUCH01"):
        with pytest.raises(SlackApiError, match="channel_not_found"):
            web.conversations_info(channel=hidden)


STATUS_KEYS = ("status_text", "status_emoji", "status_expiration")


def test_a_status_shows_in_users_info_users_profile_get_and_the_changed_user(
    fake_slack: FakeSlack,
) -> None:
    fake_slack.grant("users.profile:read")  # users.profile.get's; the bot itself reads users.info
    web = client(fake_slack)
    profile = web.users_info(user=EMPLOYEE)["user"]["profile"]
    assert {key: profile[key] for key in STATUS_KEYS} == {
        "status_text": "",
        "status_emoji": "",
        "status_expiration": 0,
    }
    changed = fake_slack.set_status(
        EMPLOYEE, text="Vacationing", emoji=":palm_tree:", expiration=1800000000
    )
    expected: dict[str, Any] = {"status_text": "Vacationing", "status_emoji": ":palm_tree:"}
    expected["status_expiration"] = 1800000000
    for shown in (
        changed["profile"],
        web.users_info(user=EMPLOYEE)["user"]["profile"],
        web.users_profile_get(user=EMPLOYEE)["profile"],
    ):
        assert {key: shown[key] for key in STATUS_KEYS} == expected
    changed["profile"]["status_text"] = "edited copy"  # a copy: the fake's user is untouched
    assert web.users_info(user=EMPLOYEE)["user"]["profile"]["status_text"] == "Vacationing"
    fake_slack.set_status(EMPLOYEE)  # cleared, as Slack shows no status
    cleared = web.users_info(user=EMPLOYEE)["user"]["profile"]
    assert (cleared["status_text"], cleared["status_emoji"], cleared["status_expiration"]) == (
        "",
        "",
        0,
    )


def test_the_status_fields_have_slacks_names_and_types(fake_slack: FakeSlack) -> None:
    reference = require_reference()
    ours = fake_slack.add_user("U0REFCHECK1")["profile"]
    for path, user in (
        ("java-slack-sdk-json-logs/api/users.info.json", ("user",)),
        ("slack-api-ref/events/user_change.json", ("example", "user")),
    ):
        found: Any = json.loads((reference / path).read_text())
        for key in user:
            found = found[key]
        theirs = found["profile"]
        for key in STATUS_KEYS:
            assert type(ours[key]) is type(theirs[key]), (path, key)
