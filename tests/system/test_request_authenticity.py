"""Request authenticity: whatever is wrong with a request, it gets a 4xx and causes nothing.

Forged, stale, future-dated, tampered, replayed, with a timestamp that is not an integer,
deeply nested, oversized or of the wrong content type: each answer is a 401 (or a 400 when a
signed body is malformed, a 413 when too large), carries no stack trace, and nothing is called
(not even the body's `response_url`), posted or written.
"""

from __future__ import annotations

import http.client
import time
import urllib.request
from concurrent.futures import Executor, Future
from typing import Any

import pytest
from slack_bolt import BoltRequest
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from bot.app import build_app
from bot.config import Settings
from bot.deps import VERIFIED
from bot.models import Person, ProcessedEvent
from tests.support import slack_requests
from tests.support.app_server import SIGNING_SECRET, AppServer
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE

TEAM = "T0TEST0001"
FIVE_MINUTES = 300


def _command(app_server: AppServer, text: str = "settings") -> bytes:
    return slack_requests.slash_command(
        text, user_id=EMPLOYEE, team_id=TEAM, trigger_id=app_server.fake.issue_trigger_id()
    )


def _raw_post(app_server: AppServer, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    request = urllib.request.Request(
        app_server.url + "/slack/events", data=body, method="POST", headers=headers
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read()


def _rows(engine: Engine) -> tuple[int, int]:
    with Session(engine) as session:
        people = session.exec(select(func.count()).select_from(Person)).one()
        events = session.exec(select(func.count()).select_from(ProcessedEvent)).one()
    return people, events


def _calls_out(app_server: AppServer) -> list[str]:
    """Web API calls other than Bolt's own `auth.test` when the app was built."""
    return [call.method for call in app_server.fake.calls if call.method != "auth.test"]


def _assert_nothing_happened(app_server: AppServer, engine: Engine, answer: bytes) -> None:
    assert b"Traceback" not in answer and b'File "' not in answer
    # The entry answers before any listener runs, so there is nothing to wait for.
    assert _calls_out(app_server) == []
    assert _rows(engine) == (0, 0)


def _signed_headers(body: bytes, *, timestamp: str, secret: str = SIGNING_SECRET) -> dict[str, str]:
    headers = slack_requests.sign(body, secret)
    headers["X-Slack-Request-Timestamp"] = timestamp
    return {"Content-Type": "application/x-www-form-urlencoded", **headers}


@pytest.mark.parametrize(
    "timestamp",
    ["abc", "1.7e9", "1_700_000_000", " {now}", "+{now}", "{now}.0", "", "-1", "\u0661\u0662"],
    ids=["word", "float", "underscores", "space", "plus", "decimal", "empty", "negative", "arabic"],
)
def test_a_timestamp_that_is_not_an_integer_gets_401_and_no_reply(
    app_server: AppServer, engine: Engine, timestamp: str
) -> None:
    """Regression: slack_sdk's verifier raised, and the error handler called the unverified
    body's response_url (an address of the sender's choosing)."""
    body = _command(app_server)
    now = str(int(time.time()))
    stamp = timestamp.format(now=now).encode("utf-8").decode("latin-1")  # as HTTP carries it
    # Signed with the real secret over the same odd timestamp: only its form is wrong.
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": slack_requests.sign_raw(body, SIGNING_SECRET, timestamp=stamp),
    }
    status, answer = _raw_post(app_server, body, headers)
    assert status == 401
    _assert_nothing_happened(app_server, engine, answer)


@pytest.mark.parametrize(
    "attack", ["forged", "stale", "future-dated", "tampered", "replayed", "unsigned"]
)
def test_forged_stale_tampered_and_replayed_requests_get_401(
    app_server: AppServer, engine: Engine, attack: str
) -> None:
    body = _command(app_server)
    now = int(time.time())
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if attack == "forged":
        headers.update(slack_requests.sign(body, "someone-elses-secret"))
    elif attack == "stale":
        headers.update(slack_requests.sign(body, SIGNING_SECRET, timestamp=now - FIVE_MINUTES - 5))
    elif attack == "future-dated":
        headers.update(slack_requests.sign(body, SIGNING_SECRET, timestamp=now + FIVE_MINUTES + 5))
    elif attack == "tampered":
        headers.update(slack_requests.sign(body, SIGNING_SECRET))
        body = body.replace(b"settings", b"delete")
    elif attack == "replayed":
        # The very bytes and headers Slack sent, captured and sent again once they are old.
        captured = slack_requests.sign(body, SIGNING_SECRET, timestamp=now - FIVE_MINUTES - 60)
        headers.update(captured)
        assert _raw_post(app_server, body, headers)[0] == 401
    status, answer = _raw_post(app_server, body, headers)
    assert status == 401
    _assert_nothing_happened(app_server, engine, answer)


def _deep_json(depth: int) -> bytes:
    return b'{"type": "event_callback", "event": ' + b"[" * depth + b"]" * depth + b"}"


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deeply_nested_json_gets_401_unsigned_and_400_signed(
    app_server: AppServer, engine: Engine, depth: int
) -> None:
    """Regression: an unsigned, deeply nested body raised RecursionError and got a 500."""
    body = _deep_json(depth)
    status, answer = _raw_post(
        app_server, body, {"Content-Type": "application/json", "X-Slack-Signature": "v0=00"}
    )
    assert status == 401
    _assert_nothing_happened(app_server, engine, answer)
    status, _, answer = app_server.post(body, content_type="application/json")
    assert status == 400
    _assert_nothing_happened(app_server, engine, answer)


@pytest.mark.parametrize(
    ("content_type", "signed_status"),
    [
        ("text/plain", 415),
        ("multipart/form-data; boundary=x", 415),
        ("application/xml", 415),
        ("application/json", 400),  # a form declared as JSON does not parse
    ],
)
def test_the_wrong_content_type_gets_a_4xx_signed_or_not(
    app_server: AppServer, engine: Engine, content_type: str, signed_status: int
) -> None:
    body = _command(app_server)
    status, answer = _raw_post(app_server, body, {"Content-Type": content_type})
    assert status == 401
    _assert_nothing_happened(app_server, engine, answer)
    signed = {"Content-Type": content_type, **slack_requests.sign(body, SIGNING_SECRET)}
    status, answer = _raw_post(app_server, body, signed)
    assert status == signed_status
    _assert_nothing_happened(app_server, engine, answer)


def test_an_oversized_signed_body_gets_413_and_causes_nothing(
    app_server: AppServer, engine: Engine
) -> None:
    body = _command(app_server) + b"&padding=" + b"x" * (1024 * 1024)
    host, port = app_server.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    try:
        connection.putrequest("POST", "/slack/events")
        connection.putheader("Content-Length", str(len(body)))
        connection.putheader("Content-Type", "application/x-www-form-urlencoded")
        for name, value in slack_requests.sign(body, SIGNING_SECRET).items():
            connection.putheader(name, value)
        connection.endheaders()  # the body is never sent: the answer must not wait for it
        response = connection.getresponse()
        assert response.status == 413
        answer = response.read()
    finally:
        connection.close()
    _assert_nothing_happened(app_server, engine, answer)


def test_a_signed_request_still_works(app_server: AppServer, engine: Engine) -> None:
    """The control: the same request, correctly signed, is answered and opens the modal."""
    status, _ = _raw_post(
        app_server,
        body := _command(app_server),
        {
            "Content-Type": "application/x-www-form-urlencoded",
            **slack_requests.sign(body, SIGNING_SECRET),
        },
    )
    assert status == 200
    app_server.fake.wait_for("views.open")
    assert _rows(engine)[0] == 1


def test_the_error_handler_answers_only_requests_the_entry_verified(
    settings: Settings, engine: Engine, fake_slack: FakeSlack
) -> None:
    """Only a request the HTTP entry verified gets the apology at its response_url."""
    app = build_app(settings, engine=engine, listener_executor=_InThread())
    fake_slack.inject("views.open", "error", error="internal_error", times=2)
    body = slack_requests.slash_command(
        "settings", user_id=EMPLOYEE, team_id=TEAM, trigger_id=fake_slack.issue_trigger_id()
    )
    headers = {
        "content-type": "application/x-www-form-urlencoded",
        **{k.lower(): v for k, v in slack_requests.sign(body, SIGNING_SECRET).items()},
    }
    app.dispatch(BoltRequest(body=body.decode(), headers=headers))  # not through the entry
    assert fake_slack.calls_to("views.open")
    assert fake_slack.calls_to("response_url") == []
    app.dispatch(BoltRequest(body=body.decode(), headers=headers, context={VERIFIED: True}))
    assert len(fake_slack.calls_to("response_url")) == 1


class _InThread(Executor):
    """Runs listeners at once, so the test sees their effects when dispatch returns."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:
            future.set_exception(error)
        return future
