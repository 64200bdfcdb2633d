"""Injected faults on FakeSlack behave as Slack (or the network) would."""

from __future__ import annotations

import contextlib
import threading
import time

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE


def client(fake: FakeSlack, *handlers: object, timeout: int = 5) -> WebClient:
    return WebClient(
        token=fake.bot_token,
        base_url=fake.api_url,
        timeout=timeout,
        retry_handlers=list(handlers),  # type: ignore[arg-type]
    )


def test_ratelimited_answers_429_with_retry_after(fake_slack: FakeSlack) -> None:
    fake_slack.inject("chat.postMessage", "ratelimited", times=1, retry_after=7)
    with pytest.raises(SlackApiError) as raised:
        client(fake_slack).chat_postMessage(channel=EMPLOYEE, text="x")
    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] == "7"
    assert raised.value.response["error"] == "ratelimited"
    assert fake_slack.calls_to("chat.postMessage")[0].status == 429


def test_rate_limit_retry_handler_succeeds_after_a_429(fake_slack: FakeSlack) -> None:
    fake_slack.inject("chat.postMessage", "ratelimited", times=1, retry_after=1)
    web = client(fake_slack, RateLimitErrorRetryHandler(max_retry_count=1))
    assert web.chat_postMessage(channel=EMPLOYEE, text="x")["ok"] is True
    assert [c.status for c in fake_slack.calls_to("chat.postMessage")] == [429, 200]
    assert len(fake_slack.messages()) == 1


def test_server_error_answers_the_status(fake_slack: FakeSlack) -> None:
    fake_slack.inject("users.info", "server_error", times=1, status=500)
    web = client(fake_slack)
    with pytest.raises(SlackApiError) as raised:
        web.users_info(user=EMPLOYEE)
    assert raised.value.response.status_code == 500
    assert web.users_info(user=EMPLOYEE)["ok"] is True  # `times=1`: only the first call


def test_server_error_retry_handler_recovers(fake_slack: FakeSlack) -> None:
    fake_slack.inject("users.info", "server_error", times=1)
    web = client(fake_slack, ServerErrorRetryHandler(max_retry_count=1))
    assert web.users_info(user=EMPLOYEE)["ok"] is True
    assert [c.status for c in fake_slack.calls_to("users.info")] == [503, 200]


def test_drop_raises_without_a_retry_handler(fake_slack: FakeSlack) -> None:
    fake_slack.inject("chat.postMessage", "drop", times=1)
    with pytest.raises(ConnectionError):  # http.client.RemoteDisconnected
        client(fake_slack).chat_postMessage(channel=EMPLOYEE, text="x")
    [call] = fake_slack.calls_to("chat.postMessage")
    assert (call.status, call.error) == (0, "connection dropped")
    assert fake_slack.messages() == []


def test_drop_is_survived_with_the_connection_retry_handler(fake_slack: FakeSlack) -> None:
    fake_slack.inject("chat.postMessage", "drop", times=1)
    web = client(fake_slack, ConnectionErrorRetryHandler(max_retry_count=1))
    assert web.chat_postMessage(channel=EMPLOYEE, text="x")["ok"] is True
    assert len(fake_slack.calls_to("chat.postMessage")) == 2


def test_slow_answers_late_and_times_out_short_clients(fake_slack: FakeSlack) -> None:
    fake_slack.inject("auth.test", "slow", delay=0.3)
    started = time.monotonic()
    assert client(fake_slack).auth_test()["ok"] is True
    assert time.monotonic() - started >= 0.3
    fake_slack.clear_faults()
    fake_slack.inject("auth.test", "slow", times=1, delay=1.5)
    with pytest.raises(TimeoutError):
        client(fake_slack, timeout=1).auth_test()


def test_error_fault_answers_200_with_the_error(fake_slack: FakeSlack) -> None:
    fake_slack.inject("*", "error", error="account_inactive")
    with pytest.raises(SlackApiError) as raised:
        client(fake_slack).users_info(user=EMPLOYEE)
    assert raised.value.response.status_code == 200
    assert raised.value.response["error"] == "account_inactive"
    assert fake_slack.violations == []


def test_probability_with_a_seed_is_reproducible() -> None:
    def pattern() -> list[bool]:
        with FakeSlack() as fake:
            fake.inject("auth.test", "error", error="fatal_error", probability=0.5, seed=7)
            web = client(fake)
            for _ in range(12):
                with contextlib.suppress(SlackApiError):
                    web.auth_test()
            return [c.ok for c in fake.calls]

    first = pattern()
    assert first == pattern()
    assert 0 < first.count(True) < 12


def test_inject_rejects_unknown_faults(fake_slack: FakeSlack) -> None:
    with pytest.raises(ValueError, match="unknown fault"):
        fake_slack.inject("auth.test", "explode")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="needs error="):
        fake_slack.inject("auth.test", "error")


def test_per_method_rate_limit_window() -> None:
    clock_now = [1000.0]
    with FakeSlack(clock=lambda: clock_now[0], rate_limit_per_minute={"users.info": 2}) as fake:
        fake.add_user(EMPLOYEE)
        web = client(fake)
        web.users_info(user=EMPLOYEE)
        clock_now[0] += 10
        web.users_info(user=EMPLOYEE)
        web.auth_test()  # other methods are not limited
        with pytest.raises(SlackApiError) as raised:
            web.users_info(user=EMPLOYEE)
        assert raised.value.response.headers["Retry-After"] == "50"
        clock_now[0] += 51
        assert web.users_info(user=EMPLOYEE)["ok"] is True


def test_drop_after_acts_then_loses_the_answer(fake_slack: FakeSlack) -> None:
    fake_slack.inject("chat.postMessage", "drop_after", times=1)
    with pytest.raises(ConnectionError):  # http.client.RemoteDisconnected, as for "drop"
        client(fake_slack).chat_postMessage(channel=EMPLOYEE, text="x")
    [call] = fake_slack.calls_to("chat.postMessage")
    assert (call.status, call.error) == (0, "connection dropped after answering")
    [message] = fake_slack.messages()  # unlike "drop", Slack did post it
    assert message["text"] == "x"
    assert client(fake_slack).chat_postMessage(channel=EMPLOYEE, text="y")["ok"] is True


def test_a_held_call_waits_unanswered_and_unacted_until_released(fake_slack: FakeSlack) -> None:
    fake_slack.hold("chat.postMessage")
    answers: list[object] = []
    web = client(fake_slack)
    sender = threading.Thread(
        target=lambda: answers.append(web.chat_postMessage(channel=EMPLOYEE, text="x"))
    )
    sender.start()
    deadline = time.monotonic() + 5
    while fake_slack.in_flight < 1:
        assert time.monotonic() < deadline, "the call never arrived"
        time.sleep(0.01)
    assert (answers, fake_slack.messages()) == ([], [])  # held: neither answered nor acted on
    client(fake_slack).users_info(user=EMPLOYEE)  # other methods go on meanwhile
    fake_slack.release()
    sender.join(timeout=5)
    assert len(answers) == 1 and [m["text"] for m in fake_slack.messages()] == ["x"]
