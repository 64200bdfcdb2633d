"""The outbox: enqueue once, send once, and sort every failure by "could Slack have posted?"."""

from __future__ import annotations

import socket
import threading
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
from bot.db import make_engine, session_scope
from bot.delivery import Outgoing, enqueue, enqueue_many
from bot.delivery_dispatch import Policy, Report, claim, drain
from bot.delivery_send import outbox_client
from bot.models import Delivery, Workspace
from bot.services.workspaces import ensure_workspace
from tests.conftest import Database
from tests.fakeslack import FakeSlack
from tests.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
FAST = Policy(backoff_base=timedelta(seconds=1), backoff_cap=timedelta(seconds=4), max_attempts=20)
BLOCKS = [{"type": "section", "text": {"type": "mrkdwn", "text": "Time for a career chat?"}}]


@pytest.fixture
def frozen() -> Iterator[FrozenDateTimeFactory]:
    with freeze_time(T0) as factory:
        yield factory


@pytest.fixture
def client(settings: Settings) -> WebClient:
    return outbox_client(settings, timeout=5)


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
    engine: Engine, fake_slack: FakeSlack, client: WebClient, frozen: FrozenDateTimeFactory
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
    engine: Engine, fake_slack: FakeSlack, client: WebClient, frozen: FrozenDateTimeFactory
) -> None:
    _owe(engine, _workspace(engine), not_before=T0 + timedelta(hours=1))
    assert drain(engine, client).sent == 0
    frozen.move_to(T0 + timedelta(minutes=59))
    assert drain(engine, client).sent == 0
    assert _posts(fake_slack) == 0
    frozen.move_to(T0 + timedelta(hours=1))
    assert drain(engine, client).sent == 1


def test_a_429_holds_back_the_workspace_until_retry_after(
    engine: Engine, fake_slack: FakeSlack, client: WebClient, frozen: FrozenDateTimeFactory
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
    engine: Engine, fake_slack: FakeSlack, client: WebClient, frozen: FrozenDateTimeFactory
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
    engine: Engine, fake_slack: FakeSlack, client: WebClient, frozen: FrozenDateTimeFactory
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

    assert drain(engine, closed, policy=FAST).retrying == 1
    [row] = _rows(engine)
    assert row.state == "pending"
    assert row.last_error is not None and "could not reach Slack" in row.last_error

    frozen.tick(FAST.backoff_base)
    assert drain(engine, outbox_client(settings), policy=FAST).sent == 1


@pytest.mark.parametrize(
    "error", ["account_inactive", "user_not_found", "token_revoked", "is_archived"]
)
def test_a_permanent_error_ends_dead_with_its_reason(
    error: str,
    engine: Engine,
    fake_slack: FakeSlack,
    client: WebClient,
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
    engine: Engine, fake_slack: FakeSlack, client: WebClient, frozen: FrozenDateTimeFactory
) -> None:
    fake_slack.add_channel("C0NOTMEMBR", members_bot=False)
    workspace_id = _workspace(engine)
    _owe(engine, workspace_id, recipient="U0NOBODY01")
    _owe(engine, workspace_id, recipient="T-team", channel="C0NOTMEMBR")
    assert drain(engine, client).dead == 2
    assert [r.last_error for r in _rows(engine)] == ["channel_not_found", "not_in_channel"]


def test_a_dropped_connection_is_unknown_and_never_resent(
    engine: Engine, fake_slack: FakeSlack, client: WebClient, frozen: FrozenDateTimeFactory
) -> None:
    _owe(engine, _workspace(engine))
    fake_slack.inject("chat.postMessage", "drop", times=1)
    assert drain(engine, client).unknown == 1
    frozen.tick(timedelta(days=1))
    assert drain(engine, client) == Report()
    [row] = _rows(engine)
    assert row.state == "unknown"
    assert row.last_error is not None and "RemoteDisconnected" in row.last_error
    assert _posts(fake_slack) == 1  # no retry handler resent it behind our back


def test_a_read_timeout_is_unknown_because_slack_may_have_posted(
    engine: Engine, settings: Settings, fake_slack: FakeSlack, frozen: FrozenDateTimeFactory
) -> None:
    _owe(engine, _workspace(engine))
    fake_slack.inject("chat.postMessage", "slow", times=1, delay=0.6)
    impatient = outbox_client(settings, timeout=0.2)
    assert drain(engine, impatient).unknown == 1
    fake_slack.wait_for("chat.postMessage")
    assert len(fake_slack.messages()) == 1  # it did arrive: resending would have doubled it
    assert drain(engine, impatient) == Report()
    [row] = _rows(engine)
    assert row.state == "unknown"
    assert row.last_error is not None and "timed out" in row.last_error


def test_slack_saying_fatal_error_with_200_is_unknown(
    engine: Engine, fake_slack: FakeSlack, client: WebClient, frozen: FrozenDateTimeFactory
) -> None:
    _owe(engine, _workspace(engine))
    fake_slack.inject("chat.postMessage", "error", error="fatal_error", times=1)
    assert drain(engine, client).unknown == 1
    assert _rows(engine)[0].state == "unknown"


def test_the_reaper_requeues_leases_that_expired_before_sending(
    engine: Engine, fake_slack: FakeSlack, client: WebClient, frozen: FrozenDateTimeFactory
) -> None:
    policy = Policy(lease=timedelta(minutes=5))
    _owe(engine, _workspace(engine), 2)
    crashed = claim(engine, now=T0, policy=policy)  # a worker claims, then dies
    assert len(crashed) == 2
    # ... and had started sending the second one when it died.
    with session_scope(engine) as session:
        session.exec(
            update(Delivery).where(col(Delivery.id) == crashed[1].id).values(send_started_at=T0)
        )

    frozen.move_to(T0 + timedelta(minutes=4))
    assert drain(engine, client, policy=policy) == Report()
    frozen.move_to(T0 + timedelta(minutes=5, seconds=1))
    report = drain(engine, client, policy=policy)
    assert (report.reaped, report.reaped_unknown, report.sent) == (1, 1, 1)
    first, second = _rows(engine)
    assert (first.state, first.attempts) == ("sent", 2)
    assert second.state == "unknown"
    assert second.last_error is not None and "check Slack" in second.last_error
    assert _posts(fake_slack) == 1


def test_nudges_leased_during_a_request_are_left_alone(
    engine: Engine, client: WebClient, frozen: FrozenDateTimeFactory
) -> None:
    workspace_id = _workspace(engine)
    with session_scope(engine) as session:  # how bot.services.nudges reserves the day's nudge
        session.add(
            Delivery(
                workspace_id=workspace_id,
                recipient=EMPLOYEE,
                kind="nudge",
                period_key="2026-11-02",
                state="leased",
                not_before=T0,
                created_at=T0,
            )
        )
    frozen.tick(timedelta(days=2))
    assert drain(engine, client) == Report()
    assert _rows(engine)[0].state == "leased"


def test_running_the_dispatcher_twice_at_the_same_time_sends_once(
    engine: Engine, fake_slack: FakeSlack, client: WebClient, frozen: FrozenDateTimeFactory
) -> None:
    _owe(engine, _workspace(engine), 5)
    first, second = drain(engine, client), drain(engine, client)
    assert (first.sent, second.sent) == (5, 0)
    assert len(fake_slack.messages()) == 5


def test_a_fault_mix_delivers_every_row_exactly_once(
    engine: Engine, fake_slack: FakeSlack, client: WebClient, frozen: FrozenDateTimeFactory
) -> None:
    recipients = [f"U0MIX{i:05d}" for i in range(100)]
    for user in recipients:
        fake_slack.add_user(user)
    workspace_id = _workspace(engine)
    for user in recipients:
        _owe(engine, workspace_id, recipient=user)
    # About 30% 429s (Retry-After 0 or 1 s) and 10% 503s, reproducibly.
    fake_slack.inject("chat.postMessage", "ratelimited", probability=0.15, seed=1, retry_after=0)
    fake_slack.inject("chat.postMessage", "ratelimited", probability=0.18, seed=2, retry_after=1)
    fake_slack.inject("chat.postMessage", "server_error", probability=0.14, seed=3)

    report = drain(
        engine, client, policy=FAST, wait_until=T0 + timedelta(hours=1), sleep=frozen.tick
    )

    statuses = Counter(c.status for c in fake_slack.calls_to("chat.postMessage"))
    assert statuses[429] >= 20 and statuses[503] >= 5
    assert (report.sent, report.dead, report.unknown) == (100, 0, 0)
    assert (report.rate_limited, report.retrying) == (statuses[429], statuses[503])
    delivered = Counter(m["channel"] for m in fake_slack.messages())
    assert delivered == Counter(fake_slack.dm_channel(user) for user in recipients)
    assert {r.state for r in _rows(engine)} == {"sent"}


def test_two_dispatchers_over_a_thousand_rows_send_each_exactly_once(
    database: Database, settings: Settings, fake_slack: FakeSlack
) -> None:
    workspace_id = _workspace(database.engine)
    now = datetime.now(UTC)
    messages = [
        Outgoing(workspace_id, EMPLOYEE, "load", f"p{i}", f"load {i}", now) for i in range(1000)
    ]
    with session_scope(database.engine) as session:
        enqueue_many(session=session, messages=messages, now=now)

    reports: list[Report] = []
    errors: list[BaseException] = []

    def worker() -> None:
        engine = make_engine(database.url)  # its own connections, as another process has
        try:
            reports.append(drain(engine, outbox_client(settings)))
        except BaseException as error:
            errors.append(error)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(r.sent for r in reports)[0] > 0, "both dispatchers took part"
    assert sum(r.sent for r in reports) == 1000
    texts = Counter(m["text"] for m in fake_slack.messages())
    assert len(texts) == 1000 and set(texts.values()) == {1}
    assert _posts(fake_slack) == 1000
    assert {r.state for r in _rows(database.engine)} == {"sent"}
