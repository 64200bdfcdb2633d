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
from bot.outbox.policy import Policy
from bot.outbox.report import Report
from bot.slack.client import outbox_twin


def send_owed(
    client: WebClient,
    engine: Engine,
    ids: Collection[int],
    *,
    clock: Clock,
    history_check: bool,
) -> Report:
    """Dispatch these just-enqueued outbox rows now, by the dispatcher's rules
    (`history_check`: the settings' SLACK_HISTORY_CHECK)."""
    policy = Policy(history_check=history_check)
    return dispatch_now(engine, outbox_twin(client), ids, clock=clock, policy=policy)
