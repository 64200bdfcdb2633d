"""The dispatcher: each due row sent once, per workspace, now or in a drain, whatever Slack does."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from freezegun.api import FrozenDateTimeFactory
from slack_sdk import WebClient
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.outbox.dispatch import NO_TOKEN, dispatch_now, drain
from bot.outbox.policy import Policy
from bot.outbox.report import Report
from bot.slack.client import Clients, one_client, outbox_client
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER
from tests.support.outbox_owed import (
    BLOCKS,
    FAST,
    LOOKING,
    T0,
    delivery_rows,
    new_workspace,
    owe,
    post_count,
)

# These tests look lost answers up: the token holds the scopes that needs.
pytestmark = pytest.mark.usefixtures("history_scopes")


def test_each_due_row_is_sent_once_and_its_ts_stored(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    fake_slack.add_channel("C0DIGEST01")
    workspace_id = new_workspace(engine)
    owe(engine, workspace_id, 2)
    owe(engine, workspace_id, 1, recipient="T-platform", channel="C0DIGEST01")

    assert drain(engine, client).sent == 3
    assert drain(engine, client) == Report()
    assert post_count(fake_slack) == 3
    by_text = {m["text"]: m for m in fake_slack.messages()}
    for row in delivery_rows(engine):
        message = by_text[row.payload["text"]]
        assert (row.state, row.attempts, row.last_error) == ("sent", 1, None)
        assert (row.slack_channel, row.slack_ts) == (message["channel"], message["ts"])
        assert row.sent_at == T0
        assert message["blocks"] == BLOCKS
    assert by_text["message 0 to T-platform"]["channel"] == "C0DIGEST01"
    assert by_text["message 0 to U0EMPLOYEE1"]["channel"] == fake_slack.dm_channel(EMPLOYEE)


def test_rows_not_yet_due_wait(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    owe(engine, new_workspace(engine), not_before=T0 + timedelta(hours=1))
    assert drain(engine, client).sent == 0
    frozen.move_to(T0 + timedelta(minutes=59))
    assert drain(engine, client).sent == 0
    assert post_count(fake_slack) == 0
    frozen.move_to(T0 + timedelta(hours=1))
    assert drain(engine, client).sent == 1


def test_a_workspace_without_a_token_ends_dead_and_others_carry_on(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    installed, gone = new_workspace(engine), new_workspace(engine, "T0GONE0001")
    owe(engine, installed)
    owe(engine, gone, recipient=MANAGER)
    asked: list[int] = []

    def clients(workspace_id: int) -> WebClient | None:
        asked.append(workspace_id)
        return client(workspace_id) if workspace_id == installed else None

    report = drain(engine, clients)
    assert (report.sent, report.dead) == (1, 1)
    assert sorted(asked) == sorted([installed, gone])  # once per workspace and drain
    states = {r.workspace_id: (r.state, r.last_error) for r in delivery_rows(engine)}
    assert states == {installed: ("sent", None), gone: ("dead", NO_TOKEN)}
    assert [m["text"] for m in fake_slack.messages()] == ["message 0 to U0EMPLOYEE1"]


def test_dispatching_rows_now_sends_only_those_by_the_same_rules(
    engine: Engine, fake_slack: FakeSlack, settings: Settings, frozen: FrozenDateTimeFactory
) -> None:
    owe(engine, new_workspace(engine), 3)
    first, second, third = delivery_rows(engine)
    fake_slack.inject("chat.postMessage", "drop_after", times=1)
    web = outbox_client(settings, timeout=5)
    report = dispatch_now(engine, web, [first.id or 0, second.id or 0], policy=LOOKING)
    assert (report.sent, report.unconfirmed) == (1, 1)  # the lost answer is not retried
    assert [r.state for r in delivery_rows(engine)] == ["pending", "sent", "pending"]
    assert delivery_rows(engine)[0].send_started_at == T0  # looked up before any resend
    assert dispatch_now(engine, web, [third.id or 0], policy=LOOKING).sent == 1
    frozen.tick(Policy().check_after)
    assert drain(engine, one_client(web), policy=LOOKING).found_posted == 1
    assert len(fake_slack.messages()) == 3


def test_running_the_dispatcher_twice_at_the_same_time_sends_once(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    owe(engine, new_workspace(engine), 5)
    first, second = drain(engine, client), drain(engine, client)
    assert (first.sent, second.sent) == (5, 0)
    assert len(fake_slack.messages()) == 5


def test_a_fault_mix_delivers_every_row_exactly_once(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    recipients = [f"U0MIX{i:05d}" for i in range(100)]
    for user in recipients:
        fake_slack.add_user(user)
    workspace_id = new_workspace(engine)
    for user in recipients:
        owe(engine, workspace_id, recipient=user)
    # About 30% 429s (Retry-After 0 or 1 s), 10% 503s and dropped connections, some before
    # Slack posted and some after, reproducibly.
    fake_slack.inject("chat.postMessage", "ratelimited", probability=0.15, seed=1, retry_after=0)
    fake_slack.inject("chat.postMessage", "ratelimited", probability=0.18, seed=2, retry_after=1)
    fake_slack.inject("chat.postMessage", "server_error", probability=0.14, seed=3)
    fake_slack.inject("chat.postMessage", "drop", probability=0.08, seed=4)
    fake_slack.inject("chat.postMessage", "drop_after", probability=0.08, seed=5)

    report = drain(
        engine, client, policy=FAST, wait_until=T0 + timedelta(hours=1), sleep=frozen.tick
    )

    calls = fake_slack.calls_to("chat.postMessage")
    statuses = Counter(c.status for c in calls)
    dropped = Counter(c.error for c in calls if c.status == 0)
    assert statuses[429] >= 20 and statuses[503] >= 5
    assert dropped["connection dropped"] >= 3 and dropped["connection dropped after answering"] >= 3
    assert (report.sent, report.found_posted) == (
        100 - dropped["connection dropped after answering"],
        dropped["connection dropped after answering"],
    )
    assert (report.dead, report.unknown) == (0, 0)
    assert (report.rate_limited, report.retrying) == (statuses[429], statuses[503])
    assert report.unconfirmed == statuses[0]
    # What Slack actually holds: every delivery exactly once, each in its recipient's DM.
    rows = delivery_rows(engine)
    posted = Counter(m["metadata"]["event_payload"]["delivery_id"] for m in fake_slack.messages())
    assert posted == Counter(r.id for r in rows)
    delivered = Counter(m["channel"] for m in fake_slack.messages())
    assert delivered == Counter(fake_slack.dm_channel(user) for user in recipients)
    assert {r.state for r in rows} == {"sent"}
