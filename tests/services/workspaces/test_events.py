"""Processed event ids: remembered while Slack may retry them, then forgotten."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.db import session_scope
from bot.models import ProcessedEvent
from bot.services.workspaces.events import EVENTS_KEPT, first_sighting, forget_old_events

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
TEAM = "T0TEST0001"


def _seen(engine: Engine, event_id: str, at: datetime) -> bool:
    with session_scope(engine) as session:
        return first_sighting(session=session, slack_team_id=TEAM, event_id=event_id, now=at)


def _kept(engine: Engine) -> set[str]:
    with Session(engine) as session:
        return set(session.exec(select(col(ProcessedEvent.event_id))).all())


def test_ids_older_than_slacks_retries_are_forgotten_once_and_the_rest_kept(
    engine: Engine,
) -> None:
    assert timedelta(minutes=6) <= EVENTS_KEPT  # Slack's last retry comes about 5 minutes on
    assert _seen(engine, "Ev-old", NOW - EVENTS_KEPT - timedelta(seconds=1))
    assert _seen(engine, "Ev-edge", NOW - EVENTS_KEPT)
    assert _seen(engine, "Ev-retry-window", NOW - timedelta(minutes=5))
    with session_scope(engine) as session:
        assert forget_old_events(session=session, now=NOW) == 1
    assert _kept(engine) == {"Ev-edge", "Ev-retry-window"}
    with session_scope(engine) as session:
        assert forget_old_events(session=session, now=NOW) == 0  # idempotent
    # A retry within the window is still recognised; the forgotten id would count as new.
    assert not _seen(engine, "Ev-retry-window", NOW)
    assert _seen(engine, "Ev-old", NOW)
