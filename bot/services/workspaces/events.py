"""Events API deliveries (and modal submissions) we have already acted on.

Their ids are kept while Slack may still send the same one again, then forgotten
(`forget_old_events`, run by the `retention` job).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlmodel import Session, col, delete

from bot.db import insert_ignoring_conflicts
from bot.models import ProcessedEvent

# How long an id is remembered. Slack retries an event it got no 2xx for three times, nearly
# at once, after about a minute and after about five (X-Slack-Retry-Num; the same schedule in
# Socket Mode), and over HTTP a request signed more than five minutes ago is refused, so a
# replayed modal submission is too. A day is that window with a wide margin for clock skew
# and a bot that was down while the retries came.
EVENTS_KEPT = timedelta(days=1)


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


def first_submission(
    *,
    session: Session,
    slack_team_id: str,
    user_id: str,
    view_id: str,
    view_hash: str,
    now: datetime,
) -> bool:
    """Record a modal submission in the caller's transaction; False when this very one was
    acted on before (Slack's view id and hash are those of one state of one modal: a second
    request with both is a replay, while a real resubmission follows a new hash).

    Call it in the transaction that saves the form, so a refused form (field errors, which
    leave the hash as it was) is not recorded and the corrected one still saves.
    """
    # Hashed: the key stays within the column, and holds no Slack id in the clear.
    digest = hashlib.sha256(f"{user_id}\n{view_id}\n{view_hash}".encode()).hexdigest()
    return first_sighting(
        session=session, slack_team_id=slack_team_id, event_id=f"view:{digest[:48]}", now=now
    )


def forget_old_events(*, session: Session, now: datetime) -> int:
    """Delete the ids received more than EVENTS_KEPT ago; how many. Idempotent."""
    forgotten = session.exec(
        delete(ProcessedEvent).where(col(ProcessedEvent.received_at) < now - EVENTS_KEPT)
    ).rowcount
    return int(forgotten)
