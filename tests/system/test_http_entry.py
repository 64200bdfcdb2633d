"""The real HTTP entry: signed requests in Slack's shapes, and everything that is not."""

import http.client
import json
import time
import urllib.request

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from bot.models import ProcessedEvent
from tests.support import slack_requests
from tests.support.app_server import AppServer
from tests.support.fakeslack.blockkit import check_message_blocks, check_view
from tests.support.fakeslack.fixtures import EMPLOYEE

TEAM = "T0TEST0001"


def _command(app_server: AppServer, text: str) -> dict:
    body = slack_requests.slash_command(
        text, user_id=EMPLOYEE, team_id=TEAM, trigger_id=app_server.fake.issue_trigger_id()
    )
    status, _, raw = app_server.post(body)
    assert status == 200, raw
    reply = json.loads(raw)
    assert check_message_blocks(reply["blocks"]) == []
    assert reply["text"]
    return reply


def _all_text(reply: dict) -> str:
    return json.dumps(reply["blocks"])


def _events(engine: Engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(ProcessedEvent)).one()


def test_help_answers_with_every_subcommand(app_server: AppServer) -> None:
    reply = _command(app_server, "help")
    assert reply["response_type"] == "ephemeral"
    for word in ("prep", "guide", "goals", "skills", "log", "settings", "export", "delete"):
        assert f"/career-prep {word}`" in _all_text(reply)


def test_an_unknown_word_answers_with_help_and_escapes_it(app_server: AppServer) -> None:
    reply = _command(app_server, "<!channel> dance")
    text = _all_text(reply)
    assert "I don't know `&lt;!channel&gt;` yet" in text
    assert "<!channel>" not in text
    assert "/career-prep help`" in text


def test_app_home_publishes_a_valid_view_once_per_event(
    app_server: AppServer, engine: Engine
) -> None:
    body = slack_requests.event_callback(
        slack_requests.app_home_opened(EMPLOYEE, team_id=TEAM), team_id=TEAM, event_id="Ev0HOME1"
    )
    for _ in range(2):  # Slack retries deliveries it thinks failed
        status, _, _ = app_server.post(body)
        assert status == 200
    (call,) = app_server.fake.wait_for("views.publish")
    time.sleep(0.2)
    assert len(app_server.fake.calls_to("views.publish")) == 1
    assert call.args["user_id"] == EMPLOYEE
    assert check_view(call.args["view"]) == []
    assert _events(engine) == 1


def _tampered(body: bytes) -> bytes:
    return body.replace(b"help", b"hALP")


@pytest.mark.parametrize(
    "attack",
    ["bad signature", "stale timestamp", "tampered body", "no signature"],
)
def test_unsigned_or_forged_requests_get_401_and_change_nothing(
    app_server: AppServer, engine: Engine, attack: str
) -> None:
    event = slack_requests.event_callback(
        slack_requests.app_home_opened(EMPLOYEE, team_id=TEAM), team_id=TEAM, event_id="Ev0EVIL"
    )
    headers = slack_requests.sign(event, "test-signing-secret")
    if attack == "bad signature":
        headers = slack_requests.sign(event, "someone-elses-secret")
    elif attack == "stale timestamp":
        headers = slack_requests.sign(
            event, "test-signing-secret", timestamp=int(time.time()) - 301
        )
    elif attack == "no signature":
        headers = {}
    body = (
        event.replace(b"app_home_opened", b"app_home_opened ")
        if attack == "tampered body"
        else event
    )
    request = urllib.request.Request(
        app_server.url + "/slack/events",
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", **headers},
    )
    status = _status(request)
    assert status == 401
    assert _events(engine) == 0
    time.sleep(0.2)
    assert app_server.fake.calls_to("views.publish") == []


def _status(request: urllib.request.Request) -> int:
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        with error:
            return error.code


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"payload=%7Bnot-json", "application/x-www-form-urlencoded"),
        (b'{"type": ', "application/json"),
        (b"[1, 2, 3]", "application/json"),
    ],
)
def test_malformed_signed_bodies_get_400_and_unsigned_ones_401(
    app_server: AppServer, body: bytes, content_type: str
) -> None:
    status, _, _ = app_server.post(body, content_type=content_type)
    assert status == 400
    status, _, _ = app_server.post(body, content_type=content_type, secret="wrong")
    assert status == 401


def test_health_and_unknown_paths(app_server: AppServer) -> None:
    with urllib.request.urlopen(app_server.url + "/healthz", timeout=5) as response:
        assert response.status == 200
        assert json.loads(response.read()) == {"ok": True}
    assert _status(urllib.request.Request(app_server.url + "/nope")) == 404
    assert _status(urllib.request.Request(app_server.url + "/slack/events")) == 405


def test_an_oversized_body_is_refused_before_reading(app_server: AppServer) -> None:
    host, port = app_server.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    try:
        connection.putrequest("POST", "/slack/events")
        connection.putheader("Content-Length", str(1024 * 1024 + 1))
        connection.putheader("Content-Type", "application/x-www-form-urlencoded")
        connection.endheaders()  # the body is never sent: the answer must not wait for it
        response = connection.getresponse()
        assert response.status == 413
        response.read()
    finally:
        connection.close()


def test_a_body_that_is_not_utf8_gets_401(app_server: AppServer) -> None:
    request = urllib.request.Request(
        app_server.url + "/slack/events",
        data=b"\xff\xfe\x00garbage",
        method="POST",
        headers={
            "Content-Type": "application/json",
            "X-Slack-Request-Timestamp": "1",
            "X-Slack-Signature": "v0=00",
        },
    )
    assert _status(request) == 401


def test_a_failure_after_ack_tells_the_person_in_plain_words(app_server: AppServer) -> None:
    app_server.fake.inject("views.open", "error", error="internal_error", times=1)
    body = slack_requests.slash_command(
        "settings", user_id=EMPLOYEE, team_id=TEAM, trigger_id=app_server.fake.issue_trigger_id()
    )
    status, _, _ = app_server.post(body)
    assert status == 200  # acknowledged before the failure
    (apology,) = app_server.fake.wait_for("response_url")
    assert apology.args["text"].startswith("Sorry, something went wrong on my side")
    assert apology.args["response_type"] == "ephemeral"
