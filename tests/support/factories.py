"""Factories for the tests: people, created as a first request would create them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Engine

from bot.db import session_scope
from bot.models import (
    Person,
)
from bot.services.org.people import person_for
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER
from tests.support.world import NOW, TEAM


def person_id(
    engine: Engine, user: str = EMPLOYEE, *, team: str = TEAM, now: datetime = NOW
) -> int:
    """A person in workspace `team`, created on first sight as a request would; their id."""
    with session_scope(engine) as session:
        person = person_for(session=session, slack_team_id=team, slack_user_id=user, now=now)
        assert person.id is not None
        return person.id


def report_to_manager(engine: Engine) -> dict[str, int]:
    """Ada (EMPLOYEE) reports to Grace (MANAGER); the stranger is in the workspace too."""
    ids = {user: person_id(engine, user) for user in (EMPLOYEE, MANAGER, STRANGER)}
    with session_scope(engine) as session:
        ada = session.get(Person, ids[EMPLOYEE])
        assert ada is not None
        ada.manager_id = ids[MANAGER]
        session.add(ada)
    return ids
