"""The outbox: enqueue once, send once, and sort every failure by "could Slack have posted?"."""

from __future__ import annotations

import socket
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from freezegun import freeze_time
from freezegun.api import FrozenDateTimeFactory
from slack_sdk import WebClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select, update

from bot.config import Settings
from bot.db import session_scope
from bot.models import Delivery, Workspace
from bot.outbox.claim import claim, reap
from bot.outbox.dispatch import NO_TOKEN, dispatch_now, drain
from bot.outbox.enqueue import Outgoing, enqueue, enqueue_many
from bot.outbox.policy import Policy
from bot.outbox.record import record_outcome, write_records
from bot.outbox.report import Report
from bot.outbox.send import (
    EVENT_TYPE,
    HISTORY_PAGE,
    HISTORY_PAGES,
    Outcome,
    Verdict,
    metadata_for,
)
from bot.services.workspaces.registry import ensure_workspace
from bot.slack.client import Clients, one_client, outbox_client
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
FAST = Policy(backoff_base=timedelta(seconds=1), backoff_cap=timedelta(seconds=4), max_attempts=20)
BLOCKS = [{"type": "section", "text": {"type": "mrkdwn", "text": "Time for a career chat?"}}]


@pytest.fixture
def frozen() -> Iterator[FrozenDateTimeFactory]:
    with freeze_time(T0) as factory:
        yield factory


@pytest.fixture
def client(settings: Settings) -> Clients:
    """The single-token install: one outbox client for every workspace."""
    return one_client(outbox_client(settings, timeout=5))


def _workspace(engine: Engine, team: str = "T0TEST0001") -> int:
    with session_scope(engine) as session:
        workspace_id = ensure_workspace(session=session, slack_team_id=team, now=T0).id
    assert workspace_id is not None
    return workspace_id


def _owe(
    engine: Engine,
    workspace_id: int,
    count: int = 1,
    *,
    recipient: str = EMPLOYEE,
    not_before: datetime = T0,
    channel: str | None = None,
) -> None:
    messages = [
        Outgoing(
            workspace_id,
            recipient,
            "test",
            f"p{i}",
            f"message {i} to {recipient}",
            not_before,
            blocks=BLOCKS,
            channel=channel,
        )
        for i in range(count)
    ]
    with session_scope(engine) as session:
        assert enqueue_many(session=session, messages=messages, now=T0) == count


def _rows(engine: Engine) -> list[Delivery]:
    with Session(engine) as session:
        return list(session.exec(select(Delivery).order_by(col(Delivery.id))).all())


def _posts(fake: FakeSlack) -> int:
    return len(fake.calls_to("chat.postMessage"))


def test_enqueuing_the_same_message_twice_keeps_one_row(engine: Engine) -> None:
    workspace_id = _workspace(engine)
    for expected in (True, False):
        with session_scope(engine) as session:
            new = enqueue(
                session=session,
                workspace_id=workspace_id,
                recipient=MANAGER,
                kind="lapse",
                period_key="2026-Q4",
                text="Time for a career chat?",
                blocks=BLOCKS,
                not_before=T0,
                now=T0,
            )
        assert new is expected
    [row] = _rows(engine)
    assert (row.state, row.attempts) == ("pending", 0)
    assert row.payload == {"text": "Time for a career chat?", "blocks": BLOCKS}


def test_each_due_row_is_sent_once_and_its_ts_stored(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    fake_slack.add_channel("C0DIGEST01")
    workspace_id = _workspace(engine)
    _owe(engine, workspace_id, 2)
    _owe(engine, workspace_id, 1, recipient="T-platform", channel="C0DIGEST01")

    assert drain(engine, client).sent == 3
    assert drain(engine, client) == Report()
    assert _posts(fake_slack) == 3
    by_text = {m["text"]: m for m in fake_slack.messages()}
    for row in _rows(engine):
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
    _owe(engine, _workspace(engine), not_before=T0 + timedelta(hours=1))
    assert drain(engine, client).sent == 0
    frozen.move_to(T0 + timedelta(minutes=59))
    assert drain(engine, client).sent == 0
    assert _posts(fake_slack) == 0
    frozen.move_to(T0 + timedelta(hours=1))
    assert drain(engine, client).sent == 1


def test_a_429_holds_back_the_workspace_until_retry_after(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    limited, other = _workspace(engine), _workspace(engine, "T0OTHER001")
    _owe(engine, limited, 3)
    fake_slack.inject("chat.postMessage", "ratelimited", times=1, retry_after=30)

    report = drain(engine, client)
    assert (report.rate_limited, report.sent) == (1, 0)
    assert _posts(fake_slack) == 1  # the rest of the batch was given back, not sent
    assert {(r.state, r.attempts) for r in _rows(engine)} == {("pending", 0)}
    with Session(engine) as session:
        paused = session.get(Workspace, limited)
        assert paused is not None
        assert paused.sending_paused_until == T0 + timedelta(seconds=30)

    _owe(engine, limited, 1, recipient=MANAGER)  # new work for the paused workspace waits too
    _owe(engine, other, 1, recipient=STRANGER)  # other workspaces carry on
    frozen.move_to(T0 + timedelta(seconds=29))
    assert drain(engine, client).sent == 1
    assert [m["text"] for m in fake_slack.messages()] == ["message 0 to U0STRANGER1"]

    frozen.move_to(T0 + timedelta(seconds=30))
    assert drain(engine, client).sent == 4
    assert _posts(fake_slack) == 6
    assert {r.state for r in _rows(engine)} == {"sent"}


def test_a_503_is_retried_after_a_backoff(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    _owe(engine, _workspace(engine))
    fake_slack.inject("chat.postMessage", "server_error", times=1, status=503)

    assert drain(engine, client, policy=FAST).retrying == 1
    [row] = _rows(engine)
    assert (row.state, row.attempts, row.last_error) == ("pending", 1, "HTTP 503 fatal_error")
    assert row.not_before == T0 + FAST.backoff_base
    assert drain(engine, client, policy=FAST).sent == 0

    frozen.tick(FAST.backoff_base)
    assert drain(engine, client, policy=FAST).sent == 1
    [row] = _rows(engine)
    assert (row.state, row.attempts) == ("sent", 2)
    assert len(fake_slack.messages()) == 1


def test_backoff_doubles_up_to_its_cap_then_the_row_is_dead(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    _owe(engine, _workspace(engine))
    fake_slack.inject("chat.postMessage", "server_error", status=500)
    policy = Policy(
        backoff_base=timedelta(seconds=1), backoff_cap=timedelta(seconds=3), max_attempts=5
    )
    waits = []
    for _ in range(4):
        drain(engine, client, policy=policy)
        [row] = _rows(engine)
        waits.append((row.not_before - datetime.now(UTC)).total_seconds())
        frozen.move_to(row.not_before)
    assert waits == [1, 2, 3, 3]
    assert drain(engine, client, policy=policy).dead == 1
    [row] = _rows(engine)
    assert row.state == "dead"
    assert row.last_error == "gave up after 5 attempts: HTTP 500 fatal_error"
    assert _posts(fake_slack) == 5


def test_a_refused_connection_sent_nothing_and_is_retried(
    engine: Engine, settings: Settings, fake_slack: FakeSlack, frozen: FrozenDateTimeFactory
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    closed = WebClient(token="xoxb-test-token", base_url=f"http://127.0.0.1:{port}/api/")
    closed.retry_handlers = []
    _owe(engine, _workspace(engine))

    assert drain(engine, one_client(closed), policy=FAST).retrying == 1
    [row] = _rows(engine)
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
    _owe(engine, _workspace(engine))
    fake_slack.inject("chat.postMessage", "error", error=error)
    assert drain(engine, client).dead == 1
    frozen.tick(timedelta(days=1))
    assert drain(engine, client) == Report()
    [row] = _rows(engine)
    assert (row.state, row.last_error) == ("dead", error)
    assert _posts(fake_slack) == 1


def test_slack_refusing_the_channel_is_permanent(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    fake_slack.add_channel("C0NOTMEMBR", members_bot=False)
    workspace_id = _workspace(engine)
    _owe(engine, workspace_id, recipient="U0NOBODY01")
    _owe(engine, workspace_id, recipient="T-team", channel="C0NOTMEMBR")
    assert drain(engine, client).dead == 2
    assert [r.last_error for r in _rows(engine)] == ["channel_not_found", "not_in_channel"]


def _history_calls(fake: FakeSlack) -> list[dict[str, object]]:
    return [call.args for call in fake.calls_to("conversations.history")]


def test_every_post_names_its_delivery_in_message_metadata(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    _owe(engine, _workspace(engine), 2)
    assert drain(engine, client).sent == 2
    for row in _rows(engine):
        [message] = [m for m in fake_slack.messages() if m["ts"] == row.slack_ts]
        assert message["metadata"] == {
            "event_type": EVENT_TYPE,
            "event_payload": {"delivery_id": row.id},
        }
    assert _history_calls(fake_slack) == []  # nothing was in doubt: nothing was looked up


def test_a_connection_dropped_before_slack_acted_is_checked_then_sent_once(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    _owe(engine, _workspace(engine))
    fake_slack.inject("chat.postMessage", "drop", times=1)
    assert drain(engine, client).unconfirmed == 1
    [row] = _rows(engine)
    assert (row.state, row.send_started_at, row.not_before) == (
        "pending",
        T0,
        T0 + Policy().check_after,
    )
    assert row.last_error is not None and "RemoteDisconnected" in row.last_error
    assert drain(engine, client) == Report()  # not before Slack had time to post it

    frozen.tick(Policy().check_after)
    report = drain(engine, client)
    assert (report.sent, report.found_posted) == (1, 0)
    [history] = _history_calls(fake_slack)
    assert history["channel"] == fake_slack.dm_channel(EMPLOYEE)  # the DM, opened by user id
    assert history["include_all_metadata"] == "1"
    assert float(str(history["oldest"])) < T0.timestamp()
    [row] = _rows(engine)
    assert (row.state, row.attempts, row.last_error) == ("sent", 2, None)
    assert [m["ts"] for m in fake_slack.messages()] == [row.slack_ts]


def test_a_lost_answer_is_found_in_slack_and_never_sent_twice(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    fake_slack.add_channel("C0DIGEST01")
    workspace_id = _workspace(engine)
    _owe(engine, workspace_id)
    _owe(engine, workspace_id, recipient="T-platform", channel="C0DIGEST01")
    fake_slack.inject("chat.postMessage", "drop_after", times=2)
    assert drain(engine, client).unconfirmed == 2
    posted = fake_slack.messages()
    assert len(posted) == 2  # Slack posted both; we never heard

    frozen.tick(Policy().check_after)
    assert drain(engine, client).found_posted == 2
    assert drain(engine, client) == Report()
    assert fake_slack.messages() == posted
    assert _posts(fake_slack) == 2
    for row in _rows(engine):
        [message] = [m for m in posted if m["metadata"]["event_payload"]["delivery_id"] == row.id]
        assert (row.state, row.attempts) == ("sent", 2)  # the send, then the look-up
        assert (row.slack_channel, row.slack_ts) == (message["channel"], message["ts"])
    channels = {str(h["channel"]) for h in _history_calls(fake_slack)}
    assert channels == {"C0DIGEST01", fake_slack.dm_channel(EMPLOYEE)}


def test_a_read_timeout_is_checked_and_the_late_post_found(
    engine: Engine, settings: Settings, fake_slack: FakeSlack, frozen: FrozenDateTimeFactory
) -> None:
    _owe(engine, _workspace(engine))
    fake_slack.inject("chat.postMessage", "slow", times=1, delay=0.6)
    impatient = one_client(outbox_client(settings, timeout=0.2))
    assert drain(engine, impatient).unconfirmed == 1
    fake_slack.wait_for("chat.postMessage")
    [late] = fake_slack.messages()  # it did arrive: resending would have doubled it

    frozen.tick(Policy().check_after)
    assert drain(engine, impatient).found_posted == 1
    [row] = _rows(engine)
    assert (row.state, row.slack_ts) == ("sent", late["ts"])
    assert len(fake_slack.messages()) == 1


def test_slack_saying_fatal_error_is_checked_before_sending_again(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    _owe(engine, _workspace(engine))
    fake_slack.inject("chat.postMessage", "error", error="fatal_error", times=1)
    assert drain(engine, client).unconfirmed == 1
    frozen.tick(Policy().check_after)
    assert drain(engine, client).sent == 1
    assert len(_history_calls(fake_slack)) == 1
    assert len(fake_slack.messages()) == 1


def test_when_slack_cannot_tell_a_person_decides(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    _owe(engine, _workspace(engine))
    fake_slack.inject("chat.postMessage", "drop", times=1)
    fake_slack.inject("conversations.history", "error", error="missing_scope")
    drain(engine, client)
    frozen.tick(Policy().check_after)
    assert drain(engine, client).unknown == 1
    frozen.tick(timedelta(days=1))
    assert drain(engine, client) == Report()
    [row] = _rows(engine)
    assert (row.state, row.last_error) == ("unknown", "could not check Slack: missing_scope")
    assert _posts(fake_slack) == 1 and fake_slack.messages() == []


def test_a_channel_too_busy_to_page_through_is_left_to_a_person(
    engine: Engine,
    settings: Settings,
    fake_slack: FakeSlack,
    client: Clients,
    frozen: FrozenDateTimeFactory,
) -> None:
    fake_slack.add_channel("C0BUSY0001")
    _owe(engine, _workspace(engine), recipient="T-busy", channel="C0BUSY0001")
    fake_slack.inject("chat.postMessage", "drop", times=1)
    drain(engine, client)
    chatter = outbox_client(settings)
    for i in range(HISTORY_PAGE * HISTORY_PAGES + 1):  # people talking around the lost send
        chatter.chat_postMessage(channel="C0BUSY0001", text=f"chatter {i}")
    frozen.tick(Policy().check_after)
    assert drain(engine, client).unknown == 1
    [row] = _rows(engine)
    assert row.last_error == "over 60 messages around the send: could not check"
    assert len(_history_calls(fake_slack)) == HISTORY_PAGES
    assert all(m["text"].startswith("chatter") for m in fake_slack.messages())


def test_a_failed_look_up_is_tried_again_later(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    _owe(engine, _workspace(engine))
    fake_slack.inject("chat.postMessage", "drop_after", times=1)
    fake_slack.inject("conversations.history", "server_error", times=1)
    fake_slack.inject("conversations.history", "ratelimited", times=1, retry_after=20)
    drain(engine, client, policy=FAST)
    frozen.tick(Policy().check_after)
    assert drain(engine, client, policy=FAST).retrying == 1
    [row] = _rows(engine)
    assert (row.state, row.send_started_at) == ("pending", T0)  # still to be checked
    assert row.last_error == "checking Slack: HTTP 503 fatal_error"
    frozen.move_to(row.not_before)
    assert drain(engine, client, policy=FAST).retrying == 1
    [row] = _rows(engine)
    assert row.not_before == datetime.now(UTC) + timedelta(seconds=20)  # its Retry-After
    frozen.move_to(row.not_before)
    assert drain(engine, client, policy=FAST).found_posted == 1
    assert _posts(fake_slack) == 1 and len(fake_slack.messages()) == 1


def test_the_reaper_requeues_expired_leases_and_checks_those_caught_mid_send(
    engine: Engine,
    settings: Settings,
    fake_slack: FakeSlack,
    client: Clients,
    frozen: FrozenDateTimeFactory,
) -> None:
    policy = Policy(lease=timedelta(minutes=5))
    _owe(engine, _workspace(engine), 3)
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
    first, second, third = _rows(engine)
    # The dead worker's claim used none of the rows' chances; its fence is spent all the same.
    assert (first.state, first.attempts, first.claims) == ("sent", 1, 2)
    assert (second.state, second.attempts) == ("sent", 1)  # looked: not there, sent again
    assert (third.state, third.slack_ts) == ("sent", arrived["ts"])  # looked: found it
    assert third.attempts == 1
    assert len(fake_slack.messages()) == 3
    assert len(_history_calls(fake_slack)) == 2


def test_a_429_on_the_look_up_uses_none_of_the_rows_chances(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    policy = Policy(max_attempts=2)
    _owe(engine, _workspace(engine))
    fake_slack.inject("chat.postMessage", "drop", times=1)  # the first try: outcome unknown
    fake_slack.inject("conversations.history", "ratelimited", times=5, retry_after=20)
    assert drain(engine, client, policy=policy).unconfirmed == 1
    frozen.tick(policy.check_after)
    for _ in range(5):  # Slack asks us to wait, again and again: that costs the row nothing
        assert drain(engine, client, policy=policy).retrying == 1
        [row] = _rows(engine)
        assert (row.state, row.attempts, row.send_started_at) == ("pending", 1, T0)
        assert row.not_before == datetime.now(UTC) + timedelta(seconds=20)  # its Retry-After
        frozen.move_to(row.not_before)
    report = drain(engine, client, policy=policy)
    assert (report.sent, report.unknown) == (1, 0)  # looked: not there, so sent, once
    [row] = _rows(engine)
    assert (row.state, row.attempts, row.last_error) == ("sent", 2, None)
    assert len(fake_slack.messages()) == 1
    assert len(_history_calls(fake_slack)) == 6


def test_a_dispatcher_killed_right_after_claiming_again_and_again_never_exhausts_a_row(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    policy = Policy(max_attempts=3)
    _owe(engine, _workspace(engine))
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
    [row] = _rows(engine)
    assert (row.state, row.attempts, row.claims) == ("sent", 2, 2 * policy.max_attempts + 2)
    assert len(fake_slack.messages()) == 1


def test_a_reaped_worker_writes_nothing_even_after_the_row_was_given_back(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    """The fence only grows: a stalled worker cannot match it again once a 429 gave the row
    its try back and another worker claimed it."""
    policy = Policy()
    _owe(engine, _workspace(engine))
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
    [row] = _rows(engine)
    assert (row.state, row.slack_ts) == ("pending", None)
    frozen.tick(timedelta(seconds=30))
    assert drain(engine, client, policy=policy).sent == 1
    [row] = _rows(engine)
    [message] = fake_slack.messages()
    assert (row.state, row.slack_ts) == ("sent", message["ts"])


def test_a_workspace_without_a_token_ends_dead_and_others_carry_on(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    installed, gone = _workspace(engine), _workspace(engine, "T0GONE0001")
    _owe(engine, installed)
    _owe(engine, gone, recipient=MANAGER)
    asked: list[int] = []

    def clients(workspace_id: int) -> WebClient | None:
        asked.append(workspace_id)
        return client(workspace_id) if workspace_id == installed else None

    report = drain(engine, clients)
    assert (report.sent, report.dead) == (1, 1)
    assert sorted(asked) == sorted([installed, gone])  # once per workspace and drain
    states = {r.workspace_id: (r.state, r.last_error) for r in _rows(engine)}
    assert states == {installed: ("sent", None), gone: ("dead", NO_TOKEN)}
    assert [m["text"] for m in fake_slack.messages()] == ["message 0 to U0EMPLOYEE1"]


def test_dispatching_rows_now_sends_only_those_by_the_same_rules(
    engine: Engine, fake_slack: FakeSlack, settings: Settings, frozen: FrozenDateTimeFactory
) -> None:
    _owe(engine, _workspace(engine), 3)
    first, second, third = _rows(engine)
    fake_slack.inject("chat.postMessage", "drop_after", times=1)
    web = outbox_client(settings, timeout=5)
    report = dispatch_now(engine, web, [first.id or 0, second.id or 0])
    assert (report.sent, report.unconfirmed) == (1, 1)  # the lost answer is not retried
    assert [r.state for r in _rows(engine)] == ["pending", "sent", "pending"]
    assert _rows(engine)[0].send_started_at == T0  # looked up before any resend
    assert dispatch_now(engine, web, [third.id or 0]).sent == 1
    frozen.tick(Policy().check_after)
    assert drain(engine, one_client(web)).found_posted == 1
    assert len(fake_slack.messages()) == 3


def test_running_the_dispatcher_twice_at_the_same_time_sends_once(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    _owe(engine, _workspace(engine), 5)
    first, second = drain(engine, client), drain(engine, client)
    assert (first.sent, second.sent) == (5, 0)
    assert len(fake_slack.messages()) == 5


def test_a_fault_mix_delivers_every_row_exactly_once(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    recipients = [f"U0MIX{i:05d}" for i in range(100)]
    for user in recipients:
        fake_slack.add_user(user)
    workspace_id = _workspace(engine)
    for user in recipients:
        _owe(engine, workspace_id, recipient=user)
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
    rows = _rows(engine)
    posted = Counter(m["metadata"]["event_payload"]["delivery_id"] for m in fake_slack.messages())
    assert posted == Counter(r.id for r in rows)
    delivered = Counter(m["channel"] for m in fake_slack.messages())
    assert delivered == Counter(fake_slack.dm_channel(user) for user in recipients)
    assert {r.state for r in rows} == {"sent"}
