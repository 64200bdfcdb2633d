"""Modals and Home tabs on FakeSlack: trigger ids, the modal stack, hashes, validation."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE


def modal(title: str = "Career prep", **extra: Any) -> dict[str, Any]:
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": title},
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Hi"}}],
        **extra,
    }


HOME = {"type": "home", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Hi"}}]}
INPUT = {
    "type": "input",
    "block_id": "goal",
    "label": {"type": "plain_text", "text": "Goal"},
    "element": {"type": "plain_text_input", "action_id": "goal"},
}


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def web(fake_slack: FakeSlack) -> WebClient:
    return WebClient(token=fake_slack.bot_token, base_url=fake_slack.api_url, retry_handlers=[])


def test_views_open_returns_the_view_in_slacks_shape(fake_slack: FakeSlack, web: WebClient) -> None:
    view = web.views_open(
        trigger_id=fake_slack.issue_trigger_id(),
        view=modal(callback_id="prep", private_metadata="42"),
    )["view"]
    assert view["id"].startswith("V")
    assert view["team_id"] == fake_slack.team_id
    assert (view["callback_id"], view["private_metadata"]) == ("prep", "42")
    assert view["state"] == {"values": {}}
    assert view["root_view_id"] == view["id"] and view["hash"]
    assert [v["id"] for v in fake_slack.open_views] == [view["id"]]


@pytest.mark.parametrize(
    ("prepare", "error"),
    [
        (lambda fake: "123.456.deadbeef", "invalid_trigger_id"),
        (lambda fake: fake.issue_trigger_id(), "exchanged_trigger_id"),
        (lambda fake: _expired(fake), "expired_trigger_id"),
    ],
)
def test_trigger_id_rules(fake_slack: FakeSlack, web: WebClient, prepare: Any, error: str) -> None:
    trigger_id = prepare(fake_slack)
    if error == "exchanged_trigger_id":
        web.views_open(trigger_id=trigger_id, view=modal())
    with pytest.raises(SlackApiError) as raised:
        web.views_open(trigger_id=trigger_id, view=modal())
    assert raised.value.response["error"] == error
    [violation] = fake_slack.take_violations()
    assert violation.startswith(f"views.open: {error}")


def _expired(fake: FakeSlack) -> str:
    trigger_id = fake.issue_trigger_id()
    fake.expire_trigger_id(trigger_id)
    return trigger_id


def test_trigger_ids_expire_after_three_seconds_by_the_clock() -> None:
    clock = Clock()
    with FakeSlack(clock=clock) as fake:
        web = WebClient(token=fake.bot_token, base_url=fake.api_url, retry_handlers=[])
        fresh, stale = fake.issue_trigger_id(), fake.issue_trigger_id()
        clock.now += 2.9
        web.views_open(trigger_id=fresh, view=modal())
        clock.now += 0.2
        with pytest.raises(SlackApiError, match="expired_trigger_id"):
            web.views_open(trigger_id=stale, view=modal())


def test_the_modal_stack_holds_three_views(fake_slack: FakeSlack, web: WebClient) -> None:
    root = web.views_open(trigger_id=fake_slack.issue_trigger_id(), view=modal())["view"]
    second = web.views_push(
        trigger_id=fake_slack.issue_trigger_id(view_id=root["id"]), view=modal("2")
    )
    third = web.views_push(trigger_id=fake_slack.issue_trigger_id(), view=modal("3"))
    assert second["view"]["root_view_id"] == root["id"]
    assert third["view"]["previous_view_id"] == second["view"]["id"]
    with pytest.raises(SlackApiError, match="push_limit_reached"):
        web.views_push(trigger_id=fake_slack.issue_trigger_id(), view=modal("4"))
    assert len(fake_slack.take_violations()) == 1
    fake_slack.close_view(second["view"]["id"])
    assert [v["id"] for v in fake_slack.open_views] == [root["id"]]


def test_views_update_by_id_or_external_id_with_hash(fake_slack: FakeSlack, web: WebClient) -> None:
    opened = web.views_open(
        trigger_id=fake_slack.issue_trigger_id(), view=modal(external_id="prep-1")
    )["view"]
    updated = web.views_update(
        view_id=opened["id"], hash=opened["hash"], view=modal("Two", external_id="prep-1")
    )
    assert updated["view"]["id"] == opened["id"]
    assert updated["view"]["hash"] != opened["hash"]
    with pytest.raises(SlackApiError, match="hash_conflict"):
        web.views_update(view_id=opened["id"], hash=opened["hash"], view=modal("Three"))
    web.views_update(external_id="prep-1", view=modal("Four", external_id="prep-1"))
    assert fake_slack.open_views[0]["title"]["text"] == "Four"
    with pytest.raises(SlackApiError, match="not_found"):
        web.views_update(view_id="V0GONE0001", view=modal())
    assert fake_slack.violations == []  # hash_conflict and not_found are legitimate answers


def test_views_publish_stores_the_home_tab(fake_slack: FakeSlack, web: WebClient) -> None:
    first = web.views_publish(user_id=EMPLOYEE, view=HOME)["view"]
    again = web.views_publish(user_id=EMPLOYEE, view=HOME)["view"]
    assert first["id"] == again["id"] and first["type"] == "home"
    assert fake_slack.published_home(EMPLOYEE) == again
    assert fake_slack.published_home("U0NOBODY01") is None
    with pytest.raises(SlackApiError, match="invalid_arguments"):
        web.views_publish(user_id=EMPLOYEE, view=modal())
    assert len(fake_slack.take_violations()) == 1


@pytest.mark.parametrize(
    ("view", "problem"),
    [
        (modal(blocks=[INPUT]), "view.submit: required when a modal has input blocks"),
        (modal(private_metadata="x" * 3001), "view.private_metadata: 3001 chars > 3000"),
        (
            modal(
                submit={"type": "plain_text", "text": "Save"},
                blocks=[{**INPUT, "element": {**INPUT["element"], "max_length": 5000}}],
            ),
            "view.blocks[0].element.max_length: 5000 > 3000",
        ),
        ({**HOME, "blocks": HOME["blocks"] * 101}, "view.blocks: 101 blocks > 100"),
    ],
)
def test_invalid_views_are_rejected_and_are_violations(
    fake_slack: FakeSlack, web: WebClient, view: dict[str, Any], problem: str
) -> None:
    with pytest.raises(SlackApiError) as raised:
        if view["type"] == "home":
            web.views_publish(user_id=EMPLOYEE, view=view)
        else:
            web.views_open(trigger_id=fake_slack.issue_trigger_id(), view=view)
    assert raised.value.response["error"] == "invalid_arguments"
    assert f"[ERROR] {problem}" in raised.value.response["response_metadata"]["messages"]
    [violation] = fake_slack.take_violations()
    assert problem in violation
