"""Sends in doubt: every post names its delivery, and "could Slack have posted?" is looked up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from freezegun.api import FrozenDateTimeFactory
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.outbox.dispatch import drain
from bot.outbox.policy import Policy
from bot.outbox.report import Report
from bot.outbox.send import (
    EVENT_TYPE,
    HISTORY_PAGE,
    HISTORY_PAGES,
)
from bot.slack.client import Clients, one_client, outbox_client
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE
from tests.support.outbox_owed import (
    FAST,
    LOOKING,
    T0,
    delivery_rows,
    history_calls,
    new_workspace,
    owe,
    post_count,
)

# These tests look lost answers up: the token holds the scopes that needs.
pytestmark = pytest.mark.usefixtures("history_scopes")


def test_every_post_names_its_delivery_in_message_metadata(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    owe(engine, new_workspace(engine), 2)
    assert drain(engine, client, policy=LOOKING).sent == 2
    for row in delivery_rows(engine):
        [message] = [m for m in fake_slack.messages() if m["ts"] == row.slack_ts]
        assert message["metadata"] == {
            "event_type": EVENT_TYPE,
            "event_payload": {"delivery_id": row.id},
        }
    assert history_calls(fake_slack) == []  # nothing was in doubt: nothing was looked up


def test_a_connection_dropped_before_slack_acted_is_checked_then_sent_once(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    owe(engine, new_workspace(engine))
    fake_slack.inject("chat.postMessage", "drop", times=1)
    assert drain(engine, client, policy=LOOKING).unconfirmed == 1
    [row] = delivery_rows(engine)
    assert (row.state, row.send_started_at, row.not_before) == (
        "pending",
        T0,
        T0 + Policy().check_after,
    )
    assert row.last_error is not None and "RemoteDisconnected" in row.last_error
    assert drain(engine, client, policy=LOOKING) == Report()  # not before Slack had time to post it

    frozen.tick(Policy().check_after)
    report = drain(engine, client, policy=LOOKING)
    assert (report.sent, report.found_posted) == (1, 0)
    [history] = history_calls(fake_slack)
    assert history["channel"] == fake_slack.dm_channel(EMPLOYEE)  # the DM, opened by user id
    assert history["include_all_metadata"] == "1"
    assert float(str(history["oldest"])) < T0.timestamp()
    [row] = delivery_rows(engine)
    assert (row.state, row.attempts, row.last_error) == ("sent", 2, None)
    assert [m["ts"] for m in fake_slack.messages()] == [row.slack_ts]


def test_a_lost_answer_is_found_in_slack_and_never_sent_twice(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    fake_slack.add_channel("C0DIGEST01")
    workspace_id = new_workspace(engine)
    owe(engine, workspace_id)
    owe(engine, workspace_id, recipient="T-platform", channel="C0DIGEST01")
    fake_slack.inject("chat.postMessage", "drop_after", times=2)
    assert drain(engine, client, policy=LOOKING).unconfirmed == 2
    posted = fake_slack.messages()
    assert len(posted) == 2  # Slack posted both; we never heard

    frozen.tick(Policy().check_after)
    assert drain(engine, client, policy=LOOKING).found_posted == 2
    assert drain(engine, client, policy=LOOKING) == Report()
    assert fake_slack.messages() == posted
    assert post_count(fake_slack) == 2
    for row in delivery_rows(engine):
        [message] = [m for m in posted if m["metadata"]["event_payload"]["delivery_id"] == row.id]
        assert (row.state, row.attempts) == ("sent", 2)  # the send, then the look-up
        assert (row.slack_channel, row.slack_ts) == (message["channel"], message["ts"])
    channels = {str(h["channel"]) for h in history_calls(fake_slack)}
    assert channels == {"C0DIGEST01", fake_slack.dm_channel(EMPLOYEE)}


def test_a_read_timeout_is_checked_and_the_late_post_found(
    engine: Engine, settings: Settings, fake_slack: FakeSlack, frozen: FrozenDateTimeFactory
) -> None:
    owe(engine, new_workspace(engine))
    fake_slack.inject("chat.postMessage", "slow", times=1, delay=0.6)
    impatient = one_client(outbox_client(settings, timeout=0.2))
    assert drain(engine, impatient, policy=LOOKING).unconfirmed == 1
    fake_slack.wait_for("chat.postMessage")
    [late] = fake_slack.messages()  # it did arrive: resending would have doubled it

    frozen.tick(Policy().check_after)
    assert drain(engine, impatient, policy=LOOKING).found_posted == 1
    [row] = delivery_rows(engine)
    assert (row.state, row.slack_ts) == ("sent", late["ts"])
    assert len(fake_slack.messages()) == 1


def test_slack_saying_fatal_error_is_checked_before_sending_again(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    owe(engine, new_workspace(engine))
    fake_slack.inject("chat.postMessage", "error", error="fatal_error", times=1)
    assert drain(engine, client, policy=LOOKING).unconfirmed == 1
    frozen.tick(Policy().check_after)
    assert drain(engine, client, policy=LOOKING).sent == 1
    assert len(history_calls(fake_slack)) == 1
    assert len(fake_slack.messages()) == 1


def test_when_slack_cannot_tell_a_person_decides(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    owe(engine, new_workspace(engine))
    fake_slack.inject("chat.postMessage", "drop", times=1)
    fake_slack.inject("conversations.history", "error", error="missing_scope")
    drain(engine, client, policy=LOOKING)
    frozen.tick(Policy().check_after)
    assert drain(engine, client, policy=LOOKING).unknown == 1
    frozen.tick(timedelta(days=1))
    assert drain(engine, client, policy=LOOKING) == Report()
    [row] = delivery_rows(engine)
    assert (row.state, row.last_error) == ("unknown", "could not check Slack: missing_scope")
    assert post_count(fake_slack) == 1 and fake_slack.messages() == []


def test_a_channel_too_busy_to_page_through_is_left_to_a_person(
    engine: Engine,
    settings: Settings,
    fake_slack: FakeSlack,
    client: Clients,
    frozen: FrozenDateTimeFactory,
) -> None:
    fake_slack.add_channel("C0BUSY0001")
    owe(engine, new_workspace(engine), recipient="T-busy", channel="C0BUSY0001")
    fake_slack.inject("chat.postMessage", "drop", times=1)
    drain(engine, client, policy=LOOKING)
    chatter = outbox_client(settings)
    for i in range(HISTORY_PAGE * HISTORY_PAGES + 1):  # people talking around the lost send
        chatter.chat_postMessage(channel="C0BUSY0001", text=f"chatter {i}")
    frozen.tick(Policy().check_after)
    assert drain(engine, client, policy=LOOKING).unknown == 1
    [row] = delivery_rows(engine)
    assert row.last_error == "over 60 messages around the send: could not check"
    assert len(history_calls(fake_slack)) == HISTORY_PAGES
    assert all(m["text"].startswith("chatter") for m in fake_slack.messages())


def test_a_failed_look_up_is_tried_again_later(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    owe(engine, new_workspace(engine))
    fake_slack.inject("chat.postMessage", "drop_after", times=1)
    fake_slack.inject("conversations.history", "server_error", times=1)
    fake_slack.inject("conversations.history", "ratelimited", times=1, retry_after=20)
    drain(engine, client, policy=FAST)
    frozen.tick(Policy().check_after)
    assert drain(engine, client, policy=FAST).retrying == 1
    [row] = delivery_rows(engine)
    assert (row.state, row.send_started_at) == ("pending", T0)  # still to be checked
    assert row.last_error == "checking Slack: HTTP 503 fatal_error"
    frozen.move_to(row.not_before)
    assert drain(engine, client, policy=FAST).retrying == 1
    [row] = delivery_rows(engine)
    assert row.not_before == datetime.now(UTC) + timedelta(seconds=20)  # its Retry-After
    frozen.move_to(row.not_before)
    assert drain(engine, client, policy=FAST).found_posted == 1
    assert post_count(fake_slack) == 1 and len(fake_slack.messages()) == 1
