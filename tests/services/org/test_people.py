"""Who someone is: the one read every request makes before its ack."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.engine import Engine

from bot.db import session_scope
from bot.services.org.people import KnownActor, known_actor, person_for
from bot.services.org.zones import remember_zone

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def _actor(engine: Engine, team: str, user: str) -> KnownActor | None:
    with engine.connect() as connection:
        return known_actor(connection=connection, slack_team_id=team, slack_user_id=user)


def test_known_actor_finds_the_person_of_that_team_only_and_says_if_slack_was_asked(
    engine: Engine,
) -> None:
    assert _actor(engine, "T0ONE00001", "U0ADA00001") is None
    with session_scope(engine) as session:
        ada = person_for(
            session=session, slack_team_id="T0ONE00001", slack_user_id="U0ADA00001", now=NOW
        )
        person_for(session=session, slack_team_id="T0TWO00002", slack_user_id="U0BOB00002", now=NOW)
    assert ada.id is not None
    assert _actor(engine, "T0ONE00001", "U0ADA00001") == KnownActor(ada.id, zone_asked=False)
    assert _actor(engine, "T0TWO00002", "U0ADA00001") is None  # same user id, other team
    assert _actor(engine, "T0ONE00001", "U0BOB00002") is None
    with session_scope(engine) as session:
        remember_zone(session=session, person_id=ada.id, tz=None, now=NOW)  # Slack had none
    assert _actor(engine, "T0ONE00001", "U0ADA00001") == KnownActor(ada.id, zone_asked=True)
