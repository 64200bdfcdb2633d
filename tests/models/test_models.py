"""The invariants the database itself enforces, on SQLite and Postgres."""

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, select

from bot.db import session_scope
from bot.models import Conversation, Delivery, Person, Prep, Skill, SkillRating, Workspace
from bot.services.workspaces.events import first_sighting
from bot.services.workspaces.registry import ensure_workspace
from tests.support.factories import add_person

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _people(engine: Engine) -> tuple[int, int, int]:
    with session_scope(engine) as session:
        ada = add_person(session, "U1", slack_team="T1", now=NOW)
        grace = add_person(session, "U2", slack_team="T1", now=NOW)
        assert ada.id is not None and grace.id is not None
        return ada.workspace_id, ada.id, grace.id


def _rejected(engine: Engine, build: Callable[[int, int, int], list[SQLModel]]) -> None:
    ids = _people(engine)
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        session.add_all(build(*ids))
        session.flush()


def _conversation(ws: int, employee: int, partner: int, **extra: object) -> Conversation:
    fields: dict[str, object] = {
        "workspace_id": ws,
        "employee_id": employee,
        "partner_id": partner,
        "held_on": date(2026, 11, 1),
        "logged_by_id": employee,
        "created_at": NOW,
        "updated_at": NOW,
        **extra,
    }
    return Conversation(**fields)


def test_workspace_defaults_and_ensure_is_idempotent(engine: Engine) -> None:
    with session_scope(engine) as session:
        first = ensure_workspace(session=session, slack_team_id="T1", now=NOW, name="Acme")
    with session_scope(engine) as session:
        again = ensure_workspace(session=session, slack_team_id="T1", now=NOW)
        assert again.id == first.id
        assert (again.default_cadence_days, again.min_group_size) == (90, 3)
        assert again.installed_at == NOW
        assert len(session.exec(select(Workspace)).all()) == 1


def test_a_slack_user_is_one_person_per_workspace(engine: Engine) -> None:
    _rejected(engine, lambda ws, a, g: [Person(workspace_id=ws, slack_user_id="U1", joined_at=NOW)])


def test_nobody_manages_themselves(engine: Engine) -> None:
    _, ada, _ = _people(engine)
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        person = session.get(Person, ada)
        assert person is not None
        person.manager_id = ada
        session.add(person)


def test_the_same_pair_and_day_is_one_conversation(engine: Engine) -> None:
    _rejected(engine, lambda ws, a, g: [_conversation(ws, a, g), _conversation(ws, a, g)])


def test_a_conversation_needs_two_people_and_a_later_next_date(engine: Engine) -> None:
    ws, ada, grace = _people(engine)
    for bad in (
        _conversation(ws, ada, ada),
        _conversation(ws, ada, grace, next_on=date(2026, 10, 1)),
    ):
        with pytest.raises(IntegrityError), session_scope(engine) as session:
            session.add(bad)
    with session_scope(engine) as session:
        session.add(_conversation(ws, ada, grace, next_on=date(2027, 2, 1)))


def test_ratings_stay_between_one_and_ten(engine: Engine) -> None:
    _, ada, _ = _people(engine)
    with session_scope(engine) as session:
        skill = Skill(person_id=ada, name="Public speaking")
        session.add(skill)
        session.flush()
        assert skill.id is not None
        skill_id = skill.id
        session.add(SkillRating(skill_id=skill_id, rated_by_id=ada, rating=10, rated_on=NOW.date()))
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        session.add(
            SkillRating(skill_id=skill_id, rated_by_id=ada, rating=11, rated_on=date(2026, 11, 3))
        )


def test_one_open_prep_draft_per_person(engine: Engine) -> None:
    _, ada, _ = _people(engine)
    with session_scope(engine) as session:
        session.add(Prep(person_id=ada, submitted_at=NOW, created_at=NOW, updated_at=NOW))
        session.add(Prep(person_id=ada, submitted_at=NOW, created_at=NOW, updated_at=NOW))
        session.add(Prep(person_id=ada, created_at=NOW, updated_at=NOW))
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        session.add(Prep(person_id=ada, created_at=NOW, updated_at=NOW))


def test_the_outbox_holds_one_message_per_recipient_kind_and_period(engine: Engine) -> None:
    def delivery(ws: int) -> Delivery:
        return Delivery(
            workspace_id=ws,
            recipient="U2",
            kind="lapse",
            period_key="2026-Q4",
            not_before=NOW,
            created_at=NOW,
        )

    _rejected(engine, lambda ws, a, g: [delivery(ws), delivery(ws)])


def test_an_event_is_acted_on_once(engine: Engine) -> None:
    with session_scope(engine) as session:
        assert first_sighting(session=session, slack_team_id="T1", event_id="Ev1", now=NOW)
        assert not first_sighting(session=session, slack_team_id="T1", event_id="Ev1", now=NOW)
        assert first_sighting(session=session, slack_team_id="T2", event_id="Ev1", now=NOW)


def test_times_come_back_as_utc(engine: Engine) -> None:
    with session_scope(engine) as session:
        ensure_workspace(session=session, slack_team_id="T9", now=NOW)
    with Session(engine) as session:
        stored = session.exec(select(Workspace)).one()
        assert stored.installed_at == NOW
        assert stored.installed_at.tzinfo is not None
