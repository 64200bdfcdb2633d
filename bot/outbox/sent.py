"""What the outbox sent: a message found by where Slack put it.

A click names a message by its channel and ts; with the history check off (no `*:history`
scopes) our own record of what was sent, and to whom, says whether it is the bot's message to
the clicker, without reading Slack.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from bot.models import Delivery


def sent_payload(
    session: Session, *, workspace_id: int, recipient: str, channel: str, ts: str
) -> dict[str, Any] | None:
    """The payload of the message sent to `recipient` that Slack holds as (channel, ts)."""
    payload = session.exec(
        select(Delivery.payload).where(
            col(Delivery.workspace_id) == workspace_id,
            col(Delivery.recipient) == recipient,
            col(Delivery.state) == "sent",
            col(Delivery.slack_channel) == channel,
            col(Delivery.slack_ts) == ts,
        )
    ).first()
    return dict(payload) if payload is not None else None
