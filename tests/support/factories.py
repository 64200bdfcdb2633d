"""The one person factory: people created as a first request creates them, then shaped.

`add_person` works inside a session the test already holds; `person_id` opens its own and
returns the id. Both find the person instead when they already exist (as Slack's first
sighting does), and set any Person `fields` given (a zone, a manager, a team, a joining day).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.db import session_scope
from bot.models import Person
from bot.services.org.people import person_for
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER
from tests.support.world import NOW, TEAM


def add_person(
    session: Session,
    user: str = EMPLOYEE,
    *,
    slack_team: str = TEAM,
    now: datetime = NOW,
    **fields: Any,
) -> Person:
    """The person behind Slack `user` in `slack_team` (and the workspace), joined `now`, with
    `fields` set; flushed, so it has its id."""
    person = person_for(session=session, slack_team_id=slack_team, slack_user_id=user, now=now)
    for name, value in fields.items():
        setattr(person, name, value)
    session.add(person)
    session.flush()
    assert person.id is not None
    return person


def person_id(
    engine: Engine,
    user: str = EMPLOYEE,
    *,
    slack_team: str = TEAM,
    now: datetime = NOW,
    **fields: Any,
) -> int:
    """`add_person` in a session of its own; the person's id."""
    with session_scope(engine) as session:
        person = add_person(session, user, slack_team=slack_team, now=now, **fields)
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
