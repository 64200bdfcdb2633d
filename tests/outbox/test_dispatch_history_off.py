"""The dispatcher without the history check (the default: no `*:history` scopes).

An unconfirmed send is never looked up and never resent on its own: it becomes `unknown` at
once, for an operator to check in Slack and retry (`career-bot deliveries`).
"""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from sqlalchemy.engine import Engine
from sqlmodel import col, update

from bot.db import session_scope
from bot.models import Delivery
from bot.outbox.claim import claim
from bot.outbox.dispatch import drain
from bot.outbox.operators import retry
from bot.outbox.policy import Policy
from bot.outbox.report import Report
from bot.slack.client import Clients
from tests.support.fakeslack import FakeSlack
from tests.support.outbox_owed import T0, delivery_rows, new_workspace, owe, post_count

OFF = Policy()
LOOK_UPS = ("conversations.history", "conversations.open")


def _looked_up(fake_slack: FakeSlack) -> list[str]:
    return [call.method for call in fake_slack.calls if call.method in LOOK_UPS]


def test_the_history_check_is_off_by_default() -> None:
    assert OFF.history_check is False


def test_a_lost_answer_becomes_unknown_at_once_and_is_never_looked_up_or_resent(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    owe(engine, new_workspace(engine))
    fake_slack.inject("chat.postMessage", "drop_after", times=1)  # posted, the answer lost
    report = drain(engine, client, policy=OFF)
    assert (report.unknown, report.unconfirmed, report.sent) == (1, 0, 0)
    [row] = delivery_rows(engine)
    assert row.state == "unknown" and row.last_error is not None
    assert "SLACK_HISTORY_CHECK is off" in row.last_error
    assert f"career-bot deliveries retry {row.id}" in row.last_error
    for _ in range(3):
        frozen.tick(timedelta(hours=1))
        assert drain(engine, client, policy=OFF) == Report()
    assert post_count(fake_slack) == 1 and len(fake_slack.messages()) == 1
    assert _looked_up(fake_slack) == []


def test_slack_saying_fatal_error_is_left_to_a_person(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    owe(engine, new_workspace(engine))
    fake_slack.inject("chat.postMessage", "error", times=1, error="fatal_error")
    assert drain(engine, client, policy=OFF).unknown == 1
    [row] = delivery_rows(engine)
    assert row.last_error is not None and row.last_error.startswith("Slack answered fatal_error")
    assert _looked_up(fake_slack) == []


def test_a_send_caught_mid_way_by_a_dead_worker_is_left_to_a_person(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    owe(engine, new_workspace(engine))
    [claimed] = claim(engine, now=T0, policy=OFF).rows  # a worker claims, starts, then dies
    with session_scope(engine) as session:
        session.exec(
            update(Delivery).where(col(Delivery.id) == claimed.id).values(send_started_at=T0)
        )
    frozen.move_to(T0 + OFF.lease + timedelta(seconds=1))
    report = drain(engine, client, policy=OFF)
    assert (report.reaped_mid_send, report.unknown, report.sent) == (1, 1, 0)
    assert post_count(fake_slack) == 0 and _looked_up(fake_slack) == []


def test_an_operator_retry_after_checking_slack_sends_it_once(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    owe(engine, new_workspace(engine))
    fake_slack.inject("chat.postMessage", "drop", times=1)  # dropped before Slack acted
    assert drain(engine, client, policy=OFF).unknown == 1
    assert fake_slack.messages() == []  # what the operator sees in Slack: nothing arrived
    [row] = delivery_rows(engine)
    with session_scope(engine) as session:
        retry(session=session, delivery_id=row.id or 0, now=T0)
    assert drain(engine, client, policy=OFF).sent == 1
    assert len(fake_slack.messages()) == 1 and _looked_up(fake_slack) == []
