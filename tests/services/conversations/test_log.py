"""Logging conversations without Slack: roles, one row per pair and day, items kept by text."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.db import session_scope
from bot.models import ActionItem, Conversation, Mentorship, Person, PrivateNote
from bot.services import NotAllowed
from bot.services.conversations import log, log_form, parties
from bot.shapes.conversations import LogProblem
from bot.shapes.fields import Problem
from tests.support.factories import add_person

NOW = datetime(2025, 3, 10, 9, tzinfo=UTC)
TODAY = NOW.date()
TEAM = "T0TEST0001"


def _people(engine: Engine) -> dict[str, int]:
    with session_scope(engine) as session:
        ada, grace, peer = (
            add_person(session, u, slack_team=TEAM, now=NOW) for u in ("U0ADA", "U0GRACE", "U0PEER")
        )
        ada.manager_id = grace.id
        session.add(ada)
        return {"U0ADA": ada.id or 0, "U0GRACE": grace.id or 0, "U0PEER": peer.id or 0}


def _form(partner: str, **changes: Any) -> log_form.LogForm:
    fields: dict[str, Any] = {
        "partner": partner,
        "held_on": TODAY - timedelta(days=1),
        "kind": "manager",
        "follow_up": "one_on_ones",
        "mine_1": "Write it down",
        **changes,
    }
    return log_form.LogForm.from_fields(fields)


def _log(engine: Engine, actor: int, form: log_form.LogForm, **kw: Any) -> Conversation:
    with session_scope(engine) as session:
        person = session.get(Person, actor)
        assert person is not None
        conversation, _ = log.log_conversation(
            session=session, actor=person, form=form, now=NOW, today=TODAY, **kw
        )
        return conversation


def test_the_managers_report_is_the_employee_whoever_logs(engine: Engine) -> None:
    ids = _people(engine)
    by_manager = _log(engine, ids["U0GRACE"], _form("U0ADA"))
    assert (by_manager.employee_id, by_manager.partner_id) == (ids["U0ADA"], ids["U0GRACE"])
    by_report = _log(engine, ids["U0ADA"], _form("U0GRACE", held_on=TODAY))
    assert (by_report.employee_id, by_report.partner_id) == (ids["U0ADA"], ids["U0GRACE"])


def test_a_mentee_is_the_employee_and_peers_meet_on_one_row(engine: Engine) -> None:
    ids = _people(engine)
    with session_scope(engine) as session:
        session.add(Mentorship(person_id=ids["U0ADA"], mentor_id=ids["U0PEER"], created_at=NOW))
    mentoring = _log(engine, ids["U0PEER"], _form("U0ADA", kind="mentor"))
    assert mentoring.employee_id == ids["U0ADA"]
    peers = _log(engine, ids["U0GRACE"], _form("U0PEER", kind="peer"))
    assert peers.employee_id == ids["U0GRACE"]
    # The other peer logging the same day would be the employee of theirs: refused, not a
    # second row, and not logged over.
    with pytest.raises(log.Conflict) as refused:
        _log(engine, ids["U0PEER"], _form("U0GRACE", kind="peer", shared_notes="x"))
    assert refused.value.problems == {"held_on": log.ALREADY_LOGGED}
    again = _log(
        engine,
        ids["U0PEER"],
        _form("U0GRACE", kind="peer", shared_notes="x"),
        conversation_id=peers.id,
    )
    assert peers.id == again.id and (again.employee_id, again.shared_notes) == (ids["U0GRACE"], "x")
    with Session(engine) as session:
        rows = session.exec(select(Conversation).where(Conversation.kind == "peer")).all()
    assert [(c.pair_low, c.pair_high) for c in rows] == [
        tuple(sorted((ids["U0GRACE"], ids["U0PEER"])))
    ]


def test_an_edit_replaces_only_the_editors_own_steps_and_adds_to_the_others(
    engine: Engine,
) -> None:
    ids = _people(engine)
    first = _log(engine, ids["U0GRACE"], _form("U0ADA", theirs_1="Ada's first step"))
    with Session(engine) as session:
        shown = [i.id or 0 for i in session.exec(select(ActionItem)) if i.owner_id == ids["U0ADA"]]
    # Grace adds a step for Ada after Ada's modal showed hers.
    _log(
        engine,
        ids["U0GRACE"],
        _form("U0ADA", theirs_1="From Grace, later"),
        conversation_id=first.id,
    )
    # Ada's edit empties the slot Grace's steps were in and keeps only her first step.
    _log(
        engine,
        ids["U0ADA"],
        _form("U0GRACE", mine_1="Ada's first step", theirs_1=None),
        conversation_id=first.id,
        shown_mine=shown,
    )
    with Session(engine) as session:
        owned = sorted((i.owner_id, i.body) for i in session.exec(select(ActionItem)))
    assert owned == sorted(
        [
            (ids["U0GRACE"], "Write it down"),
            (ids["U0ADA"], "Ada's first step"),
            (ids["U0ADA"], "From Grace, later"),
        ]
    )
    # Adding more to Ada's than the cap says so on the field, and saves nothing.
    with pytest.raises(log.Conflict) as full:
        _log(
            engine,
            ids["U0GRACE"],
            _form("U0ADA", theirs_1="a", theirs_2="b"),
            conversation_id=first.id,
        )
    assert "theirs_1" in full.value.problems


def test_an_edit_keeps_done_items_by_their_text_and_replaces_the_rest(engine: Engine) -> None:
    ids = _people(engine)
    first = _log(engine, ids["U0GRACE"], _form("U0ADA", mine_2="Book a room"))
    with session_scope(engine) as session:
        item = session.exec(select(ActionItem).where(ActionItem.body == "Write it down")).one()
        item.done_at = NOW
        session.add(item)
    _log(engine, ids["U0GRACE"], _form("U0ADA", mine_2="Find a mentor"), conversation_id=first.id)
    with Session(engine) as session:
        kept = {(i.body, i.done_at is not None) for i in session.exec(select(ActionItem))}
    assert kept == {("Write it down", True), ("Find a mentor", False)}


def test_private_notes_belong_to_their_author_and_a_stranger_cannot_edit(engine: Engine) -> None:
    ids = _people(engine)
    first = _log(engine, ids["U0GRACE"], _form("U0ADA", private_notes="mine only"))
    with session_scope(engine) as session:
        prefill = parties.edit_prefill(
            session=session, actor_id=ids["U0ADA"], conversation_id=first.id or 0
        )
        assert prefill.private_notes == "" and prefill.actor_is_employee
        with pytest.raises(NotAllowed):
            parties.edit_prefill(
                session=session, actor_id=ids["U0PEER"], conversation_id=first.id or 0
            )
    with pytest.raises(NotAllowed):
        _log(engine, ids["U0PEER"], _form("U0ADA"), conversation_id=first.id)
    with Session(engine) as session:
        (note,) = session.exec(select(PrivateNote)).all()
    assert (note.author_id, note.body) == (ids["U0GRACE"], "mine only")


@pytest.mark.parametrize(
    ("changes", "field", "problem"),
    [
        ({"held_on": TODAY + timedelta(days=1)}, "held_on", Problem(LogProblem.FUTURE)),
        ({"held_on": date(2000, 1, 1)}, "held_on", Problem(LogProblem.TOO_OLD)),
        ({"next_on": TODAY + timedelta(days=3 * 365)}, "next_on", Problem(LogProblem.TOO_FAR)),
        ({"mine_1": "x" * 301}, "mine_1", Problem.of(LogProblem.STEP_TOO_LONG, max=300)),
        ({"partner": "U0ME"}, "partner", Problem(LogProblem.SELF)),
        ({"kind": "party"}, "kind", Problem(LogProblem.NOT_A_KIND)),
    ],
)
def test_problems_name_the_field(changes: dict[str, Any], field: str, problem: Problem) -> None:
    me = Person(workspace_id=1, slack_user_id="U0ME", joined_at=NOW)
    form = _form(str(changes.pop("partner", "U0ADA")), **changes)
    found = log_form.problems(form=form, actor=me, today=TODAY)
    assert field in found
    assert found[field] == problem
