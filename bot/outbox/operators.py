"""The outbox for operators: what waits or needs a person, and retrying what Slack refused.

`career-bot deliveries list` and `career-bot deliveries retry ID` (bot/cli/deliveries.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select, update

from bot.models import Delivery, Workspace

NEEDS_A_PERSON = ("dead", "unknown")


@dataclass(frozen=True)
class Listed:
    delivery: Delivery
    slack_team_id: str


def deliveries(*, session: Session, states: Sequence[str] = (), limit: int = 200) -> list[Listed]:
    """Deliveries in `states` (default: every one not sent yet), oldest first."""
    wanted = list(states) or ["pending", "leased", "dead", "unknown"]
    rows = session.exec(
        select(Delivery, Workspace.slack_team_id)
        .join(Workspace, col(Workspace.id) == col(Delivery.workspace_id))
        .where(col(Delivery.state).in_(wanted))
        .order_by(col(Delivery.created_at), col(Delivery.id))
        .limit(limit)
    ).all()
    return [Listed(delivery, team) for delivery, team in rows]


class NotRetryable(Exception):
    """Only dead or unknown deliveries can be retried; the message says why not."""


def retry(*, session: Session, delivery_id: int, now: datetime) -> Delivery:
    """Queue a dead or unknown delivery again, with a fresh count of attempts.

    For an unknown one, a person first checks in Slack that it did not arrive.
    """
    delivery = session.get(Delivery, delivery_id)
    if delivery is None:
        raise NotRetryable(f"there is no delivery {delivery_id}")
    if delivery.state not in NEEDS_A_PERSON:
        raise NotRetryable(
            f"delivery {delivery_id} is {delivery.state}: only dead or unknown ones can be retried"
        )
    session.exec(
        update(Delivery)
        .where(col(Delivery.id) == delivery_id, col(Delivery.state).in_(NEEDS_A_PERSON))
        .values(
            state="pending",
            not_before=now,
            attempts=0,
            lease_until=None,
            send_started_at=None,
        )
    )
    session.refresh(delivery)
    return delivery
