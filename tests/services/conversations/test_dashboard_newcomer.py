"""is_newcomer(): whether the App Home shows someone how it works and their first steps."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from bot.db import session_scope
from bot.models import Conversation, Goal, Person, Prep, Skill
from bot.services.conversations.dashboard import is_newcomer
from tests.support.factories import add_person

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)

Thing = Callable[[Person, Person], SQLModel]


def _conversation(employee: Person, partner: Person) -> SQLModel:
    assert employee.id and partner.id
    return Conversation(
        workspace_id=employee.workspace_id,
        employee_id=employee.id,
        partner_id=partner.id,
        held_on=NOW.date(),
        logged_by_id=partner.id,
        created_at=NOW,
        updated_at=NOW,
    )


THINGS: dict[str, tuple[Thing, bool]] = {
    # (what the first person gets, whether the second one stops being new as well)
    "a conversation": (_conversation, True),
    "a prep draft": (
        lambda me, _: Prep(person_id=me.id or 0, created_at=NOW, updated_at=NOW),
        False,
    ),
    "a goal": (
        lambda me, _: Goal(
            person_id=me.id or 0,
            title="Lead a review",
            horizon="short",
            target_on=NOW.date(),
            created_at=NOW,
            updated_at=NOW,
        ),
        False,
    ),
    "a skill": (lambda me, _: Skill(person_id=me.id or 0, name="Writing"), False),
}


@pytest.mark.parametrize("thing", list(THINGS))
def test_a_person_is_new_until_they_have_anything(engine: Engine, thing: str) -> None:
    make, both = THINGS[thing]
    with session_scope(engine) as session:
        me = add_person(session, "U0NEWCOMER1")
        partner = add_person(session, "U0PARTNER01")
        assert is_newcomer(session=session, person=me) is True
        assert is_newcomer(session=session, person=partner) is True
        session.add(make(me, partner))
    with Session(engine) as session:
        me_again, partner_again = session.get(Person, me.id), session.get(Person, partner.id)
        assert me_again is not None and partner_again is not None
        assert is_newcomer(session=session, person=me_again) is False
        assert is_newcomer(session=session, person=partner_again) is (not both)
