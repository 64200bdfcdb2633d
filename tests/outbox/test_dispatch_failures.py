"""The dispatcher's failures: 429s hold a workspace back, 5xx back off, permanent ends dead."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta

import pytest
from freezegun.api import FrozenDateTimeFactory
from slack_sdk import WebClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.config import Settings
from bot.models import Workspace
from bot.outbox.dispatch import drain
from bot.outbox.policy import Policy
from bot.outbox.report import Report
from bot.slack.client import Clients, one_client, outbox_client
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import MANAGER, STRANGER
from tests.support.outbox_owed import (
    FAST,
    T0,
    delivery_rows,
    new_workspace,
    owe,
    post_count,
)


def test_a_429_holds_back_the_workspace_until_retry_after(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    limited, other = new_workspace(engine), new_workspace(engine, "T0OTHER001")
    owe(engine, limited, 3)
    fake_slack.inject("chat.postMessage", "ratelimited", times=1, retry_after=30)

    report = drain(engine, client)
    assert (report.rate_limited, report.sent) == (1, 0)
    assert post_count(fake_slack) == 1  # the rest of the batch was given back, not sent
    assert {(r.state, r.attempts) for r in delivery_rows(engine)} == {("pending", 0)}
    with Session(engine) as session:
        paused = session.get(Workspace, limited)
        assert paused is not None
        assert paused.sending_paused_until == T0 + timedelta(seconds=30)

    owe(engine, limited, 1, recipient=MANAGER)  # new work for the paused workspace waits too
    owe(engine, other, 1, recipient=STRANGER)  # other workspaces carry on
    frozen.move_to(T0 + timedelta(seconds=29))
    assert drain(engine, client).sent == 1
    assert [m["text"] for m in fake_slack.messages()] == ["message 0 to U0STRANGER1"]

    frozen.move_to(T0 + timedelta(seconds=30))
    assert drain(engine, client).sent == 4
    assert post_count(fake_slack) == 6
    assert {r.state for r in delivery_rows(engine)} == {"sent"}


def test_a_503_is_retried_after_a_backoff(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    owe(engine, new_workspace(engine))
    fake_slack.inject("chat.postMessage", "server_error", times=1, status=503)

    assert drain(engine, client, policy=FAST).retrying == 1
    [row] = delivery_rows(engine)
    assert (row.state, row.attempts, row.last_error) == ("pending", 1, "HTTP 503 fatal_error")
    assert row.not_before == T0 + FAST.backoff_base
    assert drain(engine, client, policy=FAST).sent == 0

    frozen.tick(FAST.backoff_base)
    assert drain(engine, client, policy=FAST).sent == 1
    [row] = delivery_rows(engine)
    assert (row.state, row.attempts) == ("sent", 2)
    assert len(fake_slack.messages()) == 1


def test_backoff_doubles_up_to_its_cap_then_the_row_is_dead(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    owe(engine, new_workspace(engine))
    fake_slack.inject("chat.postMessage", "server_error", status=500)
    policy = Policy(
        backoff_base=timedelta(seconds=1), backoff_cap=timedelta(seconds=3), max_attempts=5
    )
    waits = []
    for _ in range(4):
        drain(engine, client, policy=policy)
        [row] = delivery_rows(engine)
        waits.append((row.not_before - datetime.now(UTC)).total_seconds())
        frozen.move_to(row.not_before)
    assert waits == [1, 2, 3, 3]
    assert drain(engine, client, policy=policy).dead == 1
    [row] = delivery_rows(engine)
    assert row.state == "dead"
    assert row.last_error == "gave up after 5 attempts: HTTP 500 fatal_error"
    assert post_count(fake_slack) == 5


def test_a_refused_connection_sent_nothing_and_is_retried(
    engine: Engine, settings: Settings, fake_slack: FakeSlack, frozen: FrozenDateTimeFactory
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    closed = WebClient(token="xoxb-test-token", base_url=f"http://127.0.0.1:{port}/api/")
    closed.retry_handlers = []
    owe(engine, new_workspace(engine))

    assert drain(engine, one_client(closed), policy=FAST).retrying == 1
    [row] = delivery_rows(engine)
    assert row.state == "pending"
    assert row.last_error is not None and "could not reach Slack" in row.last_error

    frozen.tick(FAST.backoff_base)
    assert drain(engine, one_client(outbox_client(settings)), policy=FAST).sent == 1


@pytest.mark.parametrize(
    "error", ["account_inactive", "user_not_found", "token_revoked", "is_archived"]
)
def test_a_permanent_error_ends_dead_with_its_reason(
    error: str,
    engine: Engine,
    fake_slack: FakeSlack,
    client: Clients,
    frozen: FrozenDateTimeFactory,
) -> None:
    owe(engine, new_workspace(engine))
    fake_slack.inject("chat.postMessage", "error", error=error)
    assert drain(engine, client).dead == 1
    frozen.tick(timedelta(days=1))
    assert drain(engine, client) == Report()
    [row] = delivery_rows(engine)
    assert (row.state, row.last_error) == ("dead", error)
    assert post_count(fake_slack) == 1


def test_slack_refusing_the_channel_is_permanent(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    fake_slack.add_channel("C0NOTMEMBR", members_bot=False)
    workspace_id = new_workspace(engine)
    owe(engine, workspace_id, recipient="U0NOBODY01")
    owe(engine, workspace_id, recipient="T-team", channel="C0NOTMEMBR")
    assert drain(engine, client).dead == 2
    assert [r.last_error for r in delivery_rows(engine)] == ["channel_not_found", "not_in_channel"]
