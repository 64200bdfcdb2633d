"""The outbox: every message the bot owes, one row each."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Index,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from bot.models.constraints import (
    DELIVERY_STATES,
    one_of,
)


class Delivery(SQLModel, table=True):
    """The outbox: one row per message the bot owes someone outside a request."""

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id")
    recipient: str = Field(max_length=32)
    kind: str = Field(max_length=32)
    period_key: str = Field(max_length=64)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    state: str = Field(default="pending", max_length=8)
    not_before: datetime
    lease_until: datetime | None = None
    # Tries that used up one of the row's chances (`Policy.max_attempts`): a 429 or a claim
    # whose dispatcher died never counts.
    attempts: int = 0
    # Times a dispatcher claimed the row. Only ever grows: the fence for every write under a
    # claim (`bot.outbox.claim.fenced`), so a worker whose lease was reaped writes nothing.
    claims: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # Set just before the request goes out: an expired lease with it set may have been sent.
    send_started_at: datetime | None = None
    slack_channel: str | None = Field(default=None, max_length=32)
    slack_ts: str | None = Field(default=None, max_length=32)
    last_error: str | None = Field(default=None, max_length=255)
    created_at: datetime
    sent_at: datetime | None = None

    __table_args__ = (
        UniqueConstraint(
            "workspace_id", "recipient", "kind", "period_key", name="uq_delivery_once"
        ),
        Index("ix_delivery_due", "state", "not_before"),
        # One kind's rows from a moment on: the digests and lapses jobs' look at what is owed.
        Index("ix_delivery_kind_due", "kind", "not_before"),
        one_of("state", DELIVERY_STATES, "ck_delivery_state"),
    )
