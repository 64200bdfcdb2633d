"""FakeSlack's directory: users looked up, listed and paged through."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError

from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER
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
