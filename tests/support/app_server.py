"""The bot's real HTTP entry on a loopback port (the `app_server` fixture in tests/conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

from tests.support import slack_requests
from tests.support.fakeslack import FakeSlack

SIGNING_SECRET = "test-signing-secret"


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    # socketserver listens with a backlog of 5: a burst of requests at once would be reset
    # before the app saw them (gunicorn, which serves production, listens with 2048).
    request_queue_size = 128


@dataclass
class AppServer:
    """The bot's real HTTP entry on a loopback port."""

    url: str
    fake: FakeSlack

    def post(
        self,
        body: bytes,
        *,
        content_type: str | None = None,
        secret: str = SIGNING_SECRET,
        timestamp: int | None = None,
        path: str = "/slack/events",
    ) -> tuple[int, dict[str, str], bytes]:
        return slack_requests.post(
            self.url + path, body, secret=secret, content_type=content_type, timestamp=timestamp
        )
