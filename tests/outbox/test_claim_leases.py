"""Claims and leases: the reaper requeues a dead worker's rows, and its fence keeps it out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from freezegun.api import FrozenDateTimeFactory
from sqlalchemy.engine import Engine
from sqlmodel import col, update

from bot.config import Settings
from bot.db import session_scope
from bot.models import Delivery
from bot.outbox.claim import claim, reap
from bot.outbox.dispatch import drain
from bot.outbox.policy import Policy
from bot.outbox.record import record_outcome, write_records
from bot.outbox.report import Report
from bot.outbox.send import (
    Outcome,
    Verdict,
    metadata_for,
)
from bot.slack.client import Clients, outbox_client
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE
from tests.support.outbox_owed import (
    T0,
    delivery_rows,
    history_calls,
    new_workspace,
    owe,
)

# These tests look lost answers up: the token holds the scopes that needs.
pytestmark = pytest.mark.usefixtures("history_scopes")


def test_the_reaper_requeues_expired_leases_and_checks_those_caught_mid_send(
    engine: Engine,
    settings: Settings,
    fake_slack: FakeSlack,
    client: Clients,
    frozen: FrozenDateTimeFactory,
) -> None:
    policy = Policy(lease=timedelta(minutes=5), history_check=True)
    owe(engine, new_workspace(engine), 3)
    crashed = claim(engine, now=T0, policy=policy).rows  # a worker claims, then dies
    assert len(crashed) == 3
    # ... had started sending the last two when it died, and the very last one got posted.
    with session_scope(engine) as session:
        session.exec(
            update(Delivery)
            .where(col(Delivery.id).in_([crashed[1].id, crashed[2].id]))
            .values(send_started_at=T0)
        )
    arrived = outbox_client(settings).chat_postMessage(
        channel=EMPLOYEE, text="message 2", metadata=metadata_for(crashed[2].id)
    )

    frozen.move_to(T0 + timedelta(minutes=4))
    assert drain(engine, client, policy=policy) == Report()
    frozen.move_to(T0 + timedelta(minutes=5, seconds=1))
    report = drain(engine, client, policy=policy)
    assert (report.reaped, report.reaped_mid_send) == (1, 2)
    assert (report.sent, report.found_posted) == (2, 1)
    first, second, third = delivery_rows(engine)
    # The dead worker's claim used none of the rows' chances; its fence is spent all the same.
    assert (first.state, first.attempts, first.claims) == ("sent", 1, 2)
    assert (second.state, second.attempts) == ("sent", 1)  # looked: not there, sent again
    assert (third.state, third.slack_ts) == ("sent", arrived["ts"])  # looked: found it
    assert third.attempts == 1
    assert len(fake_slack.messages()) == 3
    assert len(history_calls(fake_slack)) == 2


def test_a_429_on_the_look_up_uses_none_of_the_rows_chances(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    policy = Policy(max_attempts=2, history_check=True)
    owe(engine, new_workspace(engine))
    fake_slack.inject("chat.postMessage", "drop", times=1)  # the first try: outcome unknown
    fake_slack.inject("conversations.history", "ratelimited", times=5, retry_after=20)
    assert drain(engine, client, policy=policy).unconfirmed == 1
    frozen.tick(policy.check_after)
    for _ in range(5):  # Slack asks us to wait, again and again: that costs the row nothing
        assert drain(engine, client, policy=policy).retrying == 1
        [row] = delivery_rows(engine)
        assert (row.state, row.attempts, row.send_started_at) == ("pending", 1, T0)
        assert row.not_before == datetime.now(UTC) + timedelta(seconds=20)  # its Retry-After
        frozen.move_to(row.not_before)
    report = drain(engine, client, policy=policy)
    assert (report.sent, report.unknown) == (1, 0)  # looked: not there, so sent, once
    [row] = delivery_rows(engine)
    assert (row.state, row.attempts, row.last_error) == ("sent", 2, None)
    assert len(fake_slack.messages()) == 1
    assert len(history_calls(fake_slack)) == 6


def test_a_dispatcher_killed_right_after_claiming_again_and_again_never_exhausts_a_row(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    policy = Policy(max_attempts=3, history_check=True)
    owe(engine, new_workspace(engine))
    for kill in range(2 * policy.max_attempts):
        [claimed] = claim(engine, now=datetime.now(UTC), policy=policy).rows  # ... then dies
        mid_send = kill >= policy.max_attempts
        if mid_send:  # ... the later ones with their send started, which Slack never got
            with session_scope(engine) as session:
                session.exec(
                    update(Delivery)
                    .where(col(Delivery.id) == claimed.id)
                    .values(send_started_at=datetime.now(UTC))
                )
        frozen.tick(policy.lease + timedelta(seconds=1))
        with session_scope(engine, immediate=True) as session:  # the next dispatcher reaps it
            assert reap(session=session, now=datetime.now(UTC)) == ((0, 1) if mid_send else (1, 0))
    fake_slack.inject("chat.postMessage", "server_error", times=1)  # one real failure counts
    assert drain(engine, client, policy=policy).retrying == 1
    frozen.tick(policy.backoff(1))
    assert drain(engine, client, policy=policy).sent == 1
    [row] = delivery_rows(engine)
    assert (row.state, row.attempts, row.claims) == ("sent", 2, 2 * policy.max_attempts + 2)
    assert len(fake_slack.messages()) == 1


def test_a_reaped_worker_writes_nothing_even_after_the_row_was_given_back(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    """The fence only grows: a stalled worker cannot match it again once a 429 gave the row
    its try back and another worker claimed it."""
    policy = Policy(history_check=True)
    owe(engine, new_workspace(engine))
    [stalled] = claim(engine, now=T0, policy=policy).rows  # a worker claims, then stalls
    frozen.move_to(T0 + policy.lease + timedelta(seconds=1))
    fake_slack.inject("chat.postMessage", "ratelimited", times=1, retry_after=30)
    assert drain(engine, client, policy=policy).rate_limited == 1  # reaped, claimed, 429
    # The stalled worker wakes up and records a send it never made.
    bogus = Outcome(Verdict.SENT, channel="D0NOWHERE1", ts="1.000001")
    write_records(
        engine,
        [record_outcome(stalled, bogus, now=datetime.now(UTC), policy=policy, report=Report())],
    )
    [row] = delivery_rows(engine)
    assert (row.state, row.slack_ts) == ("pending", None)
    frozen.tick(timedelta(seconds=30))
    assert drain(engine, client, policy=policy).sent == 1
    [row] = delivery_rows(engine)
    [message] = fake_slack.messages()
    assert (row.state, row.slack_ts) == ("sent", message["ts"])
