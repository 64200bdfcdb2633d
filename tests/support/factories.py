"""Small factories for service tests."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Engine

from bot.db import session_scope
from bot.services.org.people import person_for


def person_id(engine: Engine, *, now: datetime, user: str = "U0OWNER") -> int:
    """A person in workspace T1, created on first sight; their id."""
    with session_scope(engine) as session:
        person = person_for(session=session, slack_team_id="T1", slack_user_id=user, now=now)
        assert person.id is not None
        return person.id
