"""Request builders: signed bodies Slack's own verifier accepts, parsed back into Slack's shapes."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from slack_sdk.signature import SignatureVerifier

from tests.support import slack_requests as sr

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TEAM = "T0TEST0001"
USER = "U0EMPLOYEE1"


def payload_of(body: bytes) -> dict[str, object]:
    return json.loads(parse_qs(body.decode())["payload"][0])  # type: ignore[no-any-return]


def test_signed_bodies_verify() -> None:
    body = sr.slash_command("prep", user_id=USER, team_id=TEAM, trigger_id="1.2.abc")
    headers = sr.sign(body, SECRET)
    verifier = SignatureVerifier(SECRET)
    assert verifier.is_valid(
        body, headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"]
    )
    assert not SignatureVerifier("other-secret").is_valid(
        body, headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"]
    )


def test_old_timestamps_do_not_verify() -> None:
    body = b"{}"
    headers = sr.sign(body, SECRET, timestamp=int(time.time()) - 600)
    assert not SignatureVerifier(SECRET).is_valid(
        body, headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"]
    )


def test_slash_command_is_flat_form_fields() -> None:
    fields = parse_qs(
        sr.slash_command("hi there", user_id=USER, team_id=TEAM, trigger_id="1.2.x").decode()
    )
    assert fields["command"] == ["/career-prep"]
    assert fields["text"] == ["hi there"]
    assert fields["user_id"] == [USER] and fields["trigger_id"] == ["1.2.x"]


def test_block_actions_from_a_view_or_a_message() -> None:
    view = sr.view_object("V0MODAL001", team_id=TEAM, callback_id="prep")
    from_view = payload_of(
        sr.block_actions(
            user_id=USER, team_id=TEAM, action_id="go", value="7", trigger_id="t", view=view
        )
    )
    assert from_view["container"] == {"type": "view", "view_id": "V0MODAL001"}
    assert from_view["actions"][0]["value"] == "7"  # type: ignore[index]
    assert "message" not in from_view
    from_message = payload_of(
        sr.block_actions(user_id=USER, team_id=TEAM, action_id="go", trigger_id="t")
    )
    assert from_message["container"]["type"] == "message"  # type: ignore[index]
    assert "view" not in from_message and from_message["response_url"]


def test_view_submission_carries_state_values() -> None:
    values = {"goal": {"goal": {"type": "plain_text_input", "value": "Lead"}}}
    payload = payload_of(
        sr.view_submission(
            user_id=USER, team_id=TEAM, callback_id="prep", values=values, private_metadata="9"
        )
    )
    assert payload["type"] == "view_submission"
    assert payload["view"]["state"] == {"values": values}  # type: ignore[index]
    assert payload["view"]["private_metadata"] == "9"  # type: ignore[index]
    closed = payload_of(sr.view_closed(user_id=USER, team_id=TEAM, callback_id="prep"))
    assert closed["type"] == "view_closed" and "trigger_id" not in closed


def test_event_callback_wraps_app_home_opened() -> None:
    event = sr.app_home_opened(USER, team_id=TEAM)
    body = json.loads(sr.event_callback(event, team_id=TEAM))
    assert body["type"] == "event_callback"
    assert body["event"] == event and event["tab"] == "home"
    assert body["event_id"] == json.loads(sr.event_callback(event, team_id=TEAM))["event_id"]


class _Verifying(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        valid = SignatureVerifier(SECRET).is_valid(
            body, self.headers["X-Slack-Request-Timestamp"], self.headers["X-Slack-Signature"]
        )
        answer = json.dumps({"type": self.headers["Content-Type"]}).encode()
        self.send_response(200 if valid else 401)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def verifying_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Verifying)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/slack/events"
    server.shutdown()
    server.server_close()
    thread.join()


def test_post_sends_signed_requests_over_http(verifying_url: str) -> None:
    form = sr.slash_command(user_id=USER, team_id=TEAM, trigger_id="t")
    status, _, body = sr.post(verifying_url, form, secret=SECRET)
    assert (status, json.loads(body)) == (200, {"type": "application/x-www-form-urlencoded"})
    event = sr.event_callback(sr.app_home_opened(USER, team_id=TEAM), team_id=TEAM)
    status, _, body = sr.post(verifying_url, event, secret=SECRET)
    assert (status, json.loads(body)) == (200, {"type": "application/json"})


def test_post_returns_4xx_without_raising(verifying_url: str) -> None:
    status, _, _ = sr.post(verifying_url, b"{}", secret="wrong-secret")
    assert status == 401
