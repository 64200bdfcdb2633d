"""Sending a request's messages through the outbox, right after the ack.

Listeners never post a message themselves (modal and ephemeral answers to the clicker aside):
they enqueue it, then hand the row ids here, and the dispatcher's own rules send it.
"""

from __future__ import annotations

from collections.abc import Collection

from slack_sdk import WebClient
from sqlalchemy.engine import Engine

from bot.clock import Clock
from bot.outbox.dispatch import dispatch_now
from bot.outbox.report import Report
from bot.outbox.send import TIMEOUT_SECONDS


def outbox_twin(client: WebClient) -> WebClient:
    """The request's workspace and token (OAuth: its installation's), as an outbox client.

    The request client retries dropped connections and 5xx on its own, which could post a
    message twice; the outbox client tries once and lets the dispatcher look before resending.
    """
    return WebClient(
        token=client.token,
        base_url=client.base_url,
        timeout=TIMEOUT_SECONDS,
        retry_handlers=[],
    )


def send_owed(client: WebClient, engine: Engine, ids: Collection[int], *, clock: Clock) -> Report:
    """Dispatch these just-enqueued outbox rows now, by the dispatcher's rules."""
    return dispatch_now(engine, outbox_twin(client), ids, clock=clock)
