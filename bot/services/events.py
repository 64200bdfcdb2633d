"""Events API deliveries we have already acted on."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.db import insert_ignoring_conflicts
from bot.models import ProcessedEvent


def first_sighting(*, session: Session, slack_team_id: str, event_id: str, now: datetime) -> bool:
    """Record an event id; False when it was seen before (a retry by Slack)."""
    return (
        insert_ignoring_conflicts(
            session,
            ProcessedEvent,
            [{"slack_team_id": slack_team_id, "event_id": event_id, "received_at": now}],
            conflict_on=["slack_team_id", "event_id"],
        )
        == 1
    )
