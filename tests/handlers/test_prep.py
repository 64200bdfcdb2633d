"""`/career-prep prep` end to end: signed requests in, what Slack received and the DB out."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import insert
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, select

from bot.blocks.ids import Home as HomeIds
from bot.blocks.ids import Prep as Ids
from bot.db import session_scope
from bot.models import ActionItem, Conversation, Goal, Person, Prep
from tests.support import slack_requests
from tests.support.app_server import AppServer
from tests.support.databases import Database
from tests.support.factories import add_person
from tests.support.fakeslack.blockkit import check_message_blocks, check_view
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER

TEAM = "T0TEST0001"
NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
PING = "<!channel> and <@U0STRANGER1>"
STEP_1 = {"feeling": f"Mostly good. {PING}", "direction": "expert", "passions": "Debugging"}
STEP_2 = {"improve": "Public speaking, to share what we build", "learn": "Rust & <b>SQL</b>"}


# ---- helpers ------------------------------------------------------------------------------


def _people(engine: Engine, *, manager: bool = True) -> dict[str, int]:
    with session_scope(engine) as session:
        found = {
            user: add_person(session, user, slack_team=TEAM, now=NOW)
            for user in (EMPLOYEE, MANAGER, STRANGER)
        }
        if manager:
            found[EMPLOYEE].manager_id = found[MANAGER].id
            session.add(found[EMPLOYEE])
        return {user: person.id for user, person in found.items() if person.id is not None}


def _state(fields: dict[str, Any]) -> dict[str, Any]:
    """`view.state.values` as Slack sends it for these field values."""
    values: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "direction":
            selected = {"text": {"type": "plain_text", "text": value}, "value": value}
            element: dict[str, Any] = {"type": "radio_buttons", "selected_option": selected}
        elif name == "partner":
            element = {"type": "users_select", "selected_user": value}
        elif name == "share":
            chosen = [{"text": {"type": "plain_text", "text": "Share"}, "value": "yes"}]
            element = {"type": "checkboxes", "selected_options": chosen if value else []}
        else:
            element = {"type": "plain_text_input", "value": value}
        values[name] = {name: element}
    return values


def _open(app_server: AppServer, text: str = "", user: str = EMPLOYEE) -> dict[str, Any]:
    fake = app_server.fake
    before = len(fake.calls_to("views.open"))
    body = slack_requests.slash_command(
        text, user_id=user, team_id=TEAM, trigger_id=fake.issue_trigger_id()
    )
    status, _, raw = app_server.post(body)
    assert status == 200, raw
    call = fake.wait_for("views.open", before + 1)[-1]
    assert call.ok, call.error
    view: dict[str, Any] = call.args["view"]
    assert check_view(view) == []
    view["id"], view["hash"] = call.response["view"]["id"], call.response["view"]["hash"]
    return view


def _submit(
    app_server: AppServer, view: dict[str, Any], fields: dict[str, Any], user: str = EMPLOYEE
) -> dict[str, Any]:
    body = slack_requests.view_submission(
        user_id=user,
        team_id=TEAM,
        callback_id=view["callback_id"],
        values=_state(fields),
        private_metadata=view["private_metadata"],
        view_id=view.get("id", "V0MODAL001"),
    )
    status, _, raw = app_server.post(body)
    assert status == 200, raw
    reply: dict[str, Any] = json.loads(raw)
    if "view" in reply:
        assert check_view(reply["view"]) == []
        reply["view"]["id"] = view.get("id", "V0MODAL001")
    return reply


def _close(
    app_server: AppServer, view: dict[str, Any], fields: dict[str, Any], user: str = EMPLOYEE
) -> None:
    body = slack_requests.view_closed(
        user_id=user,
        team_id=TEAM,
        callback_id=view["callback_id"],
        private_metadata=view["private_metadata"],
        view_id=view.get("id", "V0MODAL001"),
        values=_state(fields),
    )
    status, _, raw = app_server.post(body)
    assert status == 200, raw


def _through(app_server: AppServer, *steps: dict[str, Any]) -> dict[str, Any]:
    """Open the modal and submit each step in turn; the last reply is returned."""
    view = _open(app_server)
    reply: dict[str, Any] = {}
    for fields in steps:
        reply = _submit(app_server, view, fields)
        if reply.get("response_action") == "update":
            view = reply["view"]
    return reply


def _preps(engine: Engine, person_id: int) -> list[Prep]:
    with Session(engine) as session:
        return list(session.exec(select(Prep).where(Prep.person_id == person_id)))


def _field(view: dict[str, Any], name: str) -> dict[str, Any]:
    block = next(b for b in view["blocks"] if b.get("block_id") == name)
    element: dict[str, Any] = block["element"]
    return element


def _text(message: dict[str, Any]) -> str:
    return "\n".join(
        b.get("text", {}).get("text", "") if b["type"] == "section" else json.dumps(b)
        for b in message["blocks"]
    )


def _dms(app_server: AppServer, count: int) -> dict[str, dict[str, Any]]:
    calls = app_server.fake.wait_for("chat.postMessage", count)
    for call in calls:
        assert call.ok, call.error
        assert call.args["text"]
        assert check_message_blocks(call.args["blocks"]) == []
    return {call.args["channel"]: call.args for call in calls}


def _seed_history(engine: Engine, people: dict[str, int]) -> None:
    employee, manager, stranger = people[EMPLOYEE], people[MANAGER], people[STRANGER]
    with Session(engine) as session:
        workspace_id = session.get(Person, employee).workspace_id  # type: ignore[union-attr]
        ours = Conversation(
            workspace_id=workspace_id,
            employee_id=employee,
            partner_id=manager,
            held_on=date(2025, 1, 10),
            shared_notes="Agreed to try <!here> a tech talk",
            logged_by_id=manager,
            created_at=NOW,
            updated_at=NOW,
        )
        theirs = Conversation(
            workspace_id=workspace_id,
            employee_id=employee,
            partner_id=stranger,
            kind="mentor",
            held_on=date(2025, 2, 1),
            shared_notes="Mentor-only notes",
            logged_by_id=stranger,
            created_at=NOW,
            updated_at=NOW,
        )
        session.add_all([ours, theirs])
        session.flush()
        session.add_all(
            [
                ActionItem(
                    conversation_id=ours.id,  # type: ignore[arg-type]
                    owner_id=employee,
                    body="Draft the <@U0MANAGER1> talk outline",
                    due_on=date(2025, 3, 20),
                    created_at=NOW,
                ),
                ActionItem(
                    conversation_id=theirs.id,  # type: ignore[arg-type]
                    owner_id=employee,
                    body="Mentor-only item",
                    created_at=NOW,
                ),
                Goal(
                    person_id=employee,
                    title="Give a conference talk",
                    horizon="medium",
                    target_on=date(2026, 3, 1),
                    created_at=NOW,
                    updated_at=NOW,
                ),
            ]
        )
        session.commit()


# ---- opening ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "prep", "PREP"])
def test_the_command_opens_step_one_with_a_draft_that_saves_on_close(
    app_server: AppServer, engine: Engine, text: str
) -> None:
    _people(engine)
    view = _open(app_server, text)
    assert view["callback_id"] == Ids.MODAL
    assert view["notify_on_close"] is True
    assert json.loads(view["private_metadata"]) == {"prep": None, "step": 1}
    names = [b["block_id"] for b in view["blocks"] if b["type"] == "input"]
    assert names == ["feeling", "direction", "passions", "strengths"]
    directions = [o["value"] for o in _field(view, "direction")["options"]]
    assert directions == ["management", "expert", "pivot", "new_industry", "not_sure"]
    assert view["submit"]["text"] == "Next"


def test_the_home_button_opens_the_modal_too(app_server: AppServer, engine: Engine) -> None:
    _people(engine)
    fake = app_server.fake
    body = slack_requests.block_actions(
        user_id=EMPLOYEE,
        team_id=TEAM,
        action_id=HomeIds.OPEN_PREP,
        trigger_id=fake.issue_trigger_id(),
    )
    status, _, _ = app_server.post(body)
    assert status == 200
    (call,) = fake.wait_for("views.open")
    assert call.ok and call.args["view"]["callback_id"] == Ids.MODAL


# ---- the whole flow -------------------------------------------------------------------------


def test_three_steps_then_a_shared_agenda_reaches_both_with_prompts_for_the_partner(
    app_server: AppServer, engine: Engine
) -> None:
    people = _people(engine)
    _seed_history(engine, people)
    view = _open(app_server)

    reply = _submit(app_server, view, STEP_1)
    assert reply["response_action"] == "update"
    second = reply["view"]
    assert [b["block_id"] for b in second["blocks"] if b["type"] == "input"] == [
        "improve",
        "learn",
        "satisfying",
        "unsatisfying",
    ]
    prep_id = json.loads(second["private_metadata"])["prep"]
    assert isinstance(prep_id, int)

    third = _submit(app_server, second, STEP_2)["view"]
    assert _field(third, "partner")["initial_user"] == MANAGER  # prefilled from the manager
    assert third["submit"]["text"] == "Send"

    done = _submit(
        app_server, third, {"support": "Time for a course", "partner": MANAGER, "share": True}
    )
    assert done["response_action"] == "update"
    assert done["view"]["callback_id"] == Ids.DONE
    assert "shared it with <@U0MANAGER1>" in json.dumps(done["view"])

    dms = _dms(app_server, 2)
    (prep,) = _preps(engine, people[EMPLOYEE])
    assert prep.id == prep_id and prep.submitted_at is not None and prep.shared
    assert prep.partner_id == people[MANAGER]
    assert prep.answers["feeling"] == STEP_1["feeling"] and prep.answers["support"]

    mine = _text(dms[EMPLOYEE])
    assert "Mostly good. &lt;!channel&gt; and &lt;@U0STRANGER1&gt;" in mine
    assert "Rust &amp; &lt;b&gt;SQL&lt;/b&gt;" in mine
    assert "Expert: going deeper in my craft" in mine
    assert "I've shared it with <@U0MANAGER1>" in mine

    theirs = _text(dms[MANAGER])
    assert "<@U0EMPLOYEE1> has prepared" in theirs
    assert "&lt;!channel&gt;" in theirs and "Public speaking" in theirs
    assert "Draft the &lt;@U0MANAGER1&gt; talk outline — due 20 Mar 2025" in theirs
    assert "Give a conference talk — medium term (~12 months), by 1 Mar 2026" in theirs
    assert "Agreed to try &lt;!here&gt; a tech talk" in theirs
    assert "realistically offer" in theirs
    assert "Mentor-only" not in theirs  # another pair's notes and items stay theirs
    for message in dms.values():
        raw = json.dumps(message["blocks"])
        assert "<!channel>" not in raw and "<!here>" not in raw and "<@U0STRANGER1>" not in raw


def test_an_agenda_that_is_not_shared_goes_to_the_employee_only(
    app_server: AppServer, engine: Engine
) -> None:
    people = _people(engine)
    done = _through(app_server, STEP_1, STEP_2, {"partner": MANAGER, "share": False})
    assert "gets nothing from me" in json.dumps(done["view"])
    dms = _dms(app_server, 1)
    time.sleep(0.3)  # a partner DM would follow the employee's at once
    assert len(app_server.fake.calls_to("chat.postMessage")) == 1
    assert "only you can see it" in _text(dms[EMPLOYEE])
    (prep,) = _preps(engine, people[EMPLOYEE])
    assert prep.submitted_at is not None and prep.shared is False
    (home,) = app_server.fake.wait_for("views.publish")
    assert home.args["user_id"] == EMPLOYEE


def test_a_mentor_can_be_the_partner_and_is_met_for_the_first_time(
    app_server: AppServer, engine: Engine
) -> None:
    people = _people(engine, manager=False)
    _through(app_server, STEP_1, STEP_2, {"partner": STRANGER, "share": True})
    dms = _dms(app_server, 2)
    assert "first career conversation together" in _text(dms[STRANGER])
    assert "None open" in _text(dms[STRANGER]) and "No goals recorded yet" in _text(dms[STRANGER])
    (prep,) = _preps(engine, people[EMPLOYEE])
    assert prep.partner_id == people[STRANGER]


# ---- drafts ---------------------------------------------------------------------------------


def test_closing_keeps_a_draft_and_reopening_resumes_it(
    app_server: AppServer, engine: Engine
) -> None:
    people = _people(engine)
    view = _open(app_server)
    _close(app_server, view, {"feeling": "Half-written thought", "direction": "pivot"})
    (draft,) = _preps(engine, people[EMPLOYEE])
    assert draft.submitted_at is None
    assert draft.answers == {"feeling": "Half-written thought", "direction": "pivot"}

    again = _open(app_server)
    assert json.loads(again["private_metadata"]) == {"prep": draft.id, "step": 1}
    assert _field(again, "feeling")["initial_value"] == "Half-written thought"
    assert _field(again, "direction")["initial_option"]["value"] == "pivot"

    second = _submit(app_server, again, {**STEP_1, "feeling": "Now finished"})["view"]
    _close(app_server, second, {"improve": "Delegating"})
    (draft,) = _preps(engine, people[EMPLOYEE])  # still one draft
    assert draft.answers["feeling"] == "Now finished" and draft.answers["improve"] == "Delegating"
    assert app_server.fake.calls_to("chat.postMessage") == []


@contextmanager
def _draft_saving_held(database: Database, person_id: int) -> Iterator[None]:
    """Another transaction holds what saving this person's draft needs, until the block ends:
    SQLite's write lock, or on Postgres an uncommitted draft of theirs (one draft per person).
    """
    if database.kind == "sqlite":
        other = sqlite3.connect(str(make_url(database.url).database), isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()
        return
    with database.engine.connect() as connection:
        connection.execute(
            insert(Prep).values(person_id=person_id, answers={}, created_at=NOW, updated_at=NOW)
        )
        try:
            yield
        finally:
            connection.rollback()


def test_closing_is_answered_only_once_the_draft_is_saved(
    app_server: AppServer, engine: Engine, database: Database
) -> None:
    # The close used to be acknowledged first and saved after: reopening at once (or reading
    # the database, as the test above does) could miss the draft.
    people = _people(engine)
    view = _open(app_server)
    with ThreadPoolExecutor(max_workers=1) as pool:
        with _draft_saving_held(database, people[EMPLOYEE]):
            closing = pool.submit(_close, app_server, view, {"feeling": "Typed, then closed"})
            # While the draft cannot be saved, Slack must not hear that it was: a bounded wait
            # for an answer that must not come (it comes at once when the ack goes first).
            wait([closing], timeout=1)
            answered_while_unsaved = closing.done()
        closing.result(timeout=10)
    assert not answered_while_unsaved
    (draft,) = _preps(engine, people[EMPLOYEE])
    assert draft.answers == {"feeling": "Typed, then closed"}


def test_opening_and_closing_without_typing_leaves_no_draft(
    app_server: AppServer, engine: Engine
) -> None:
    people = _people(engine)
    _close(app_server, _open(app_server), {})
    assert _preps(engine, people[EMPLOYEE]) == []


def test_back_keeps_this_step_and_shows_the_previous_one(
    app_server: AppServer, engine: Engine
) -> None:
    people = _people(engine)
    view = _open(app_server)
    second = _submit(app_server, view, STEP_1)["view"]
    shown = slack_requests.view_object(
        view["id"],
        team_id=TEAM,
        callback_id=second["callback_id"],
        private_metadata=second["private_metadata"],
        values=_state({"improve": "Typed before going back"}),
    )
    shown["hash"] = view["hash"]
    body = slack_requests.block_actions(
        user_id=EMPLOYEE,
        team_id=TEAM,
        action_id=Ids.BACK,
        block_id=Ids.BACK,
        trigger_id=app_server.fake.issue_trigger_id(view_id=view["id"]),
        view=shown,
    )
    status, _, _ = app_server.post(body)
    assert status == 200
    (call,) = app_server.fake.wait_for("views.update")
    assert call.ok, call.error
    assert json.loads(call.args["view"]["private_metadata"])["step"] == 1
    assert _field(call.args["view"], "feeling")["initial_value"] == STEP_1["feeling"]
    (draft,) = _preps(engine, people[EMPLOYEE])
    assert draft.answers["improve"] == "Typed before going back"


# ---- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("step", "fields", "wrong"),
    [
        (1, {"passions": "Only this"}, {"feeling", "direction"}),
        (1, {**STEP_1, "strengths": "x" * 2001}, {"strengths"}),
        (2, {"learn": "Only this"}, {"improve"}),
        (3, {"partner": EMPLOYEE, "share": True}, {"partner"}),
        (3, {"share": True, "support": "y" * 2500}, {"partner", "support"}),
    ],
    ids=["required", "too long", "required step 2", "yourself", "no partner, too long"],
)
def test_bad_input_is_shown_on_its_field_and_nothing_typed_is_lost(
    app_server: AppServer, engine: Engine, step: int, fields: dict[str, Any], wrong: set[str]
) -> None:
    people = _people(engine)
    view = _open(app_server)
    for earlier in (STEP_1, STEP_2)[: step - 1]:
        view = _submit(app_server, view, earlier)["view"]
    reply = _submit(app_server, view, fields)
    assert reply["response_action"] == "errors"
    assert set(reply["errors"]) == wrong
    (draft,) = _preps(engine, people[EMPLOYEE])
    assert draft.submitted_at is None
    for name, value in fields.items():
        if name in ("feeling", "passions", "strengths", "learn", "support"):
            assert draft.answers[name] == value  # kept, even when too long
    assert draft.partner_id is None or draft.partner_id != people[EMPLOYEE]
    assert app_server.fake.calls_to("chat.postMessage") == []


def test_sending_with_an_earlier_step_missing_goes_back_to_it(
    app_server: AppServer, engine: Engine
) -> None:
    people = _people(engine)
    view = _open(app_server)
    forged = {**view, "private_metadata": json.dumps({"prep": None, "step": 3})}
    reply = _submit(app_server, forged, {"partner": MANAGER, "share": True})
    assert reply["response_action"] == "update"
    assert json.loads(reply["view"]["private_metadata"])["step"] == 1
    (draft,) = _preps(engine, people[EMPLOYEE])
    assert draft.submitted_at is None and draft.partner_id == people[MANAGER]
    assert app_server.fake.calls_to("chat.postMessage") == []


# ---- trust ----------------------------------------------------------------------------------


def test_a_stranger_cannot_write_to_someone_elses_prep(
    app_server: AppServer, engine: Engine
) -> None:
    people = _people(engine)
    view = _open(app_server)
    second = _submit(app_server, view, STEP_1)["view"]
    (before,) = _preps(engine, people[EMPLOYEE])

    third = {
        **second,
        "private_metadata": second["private_metadata"].replace('"step": 2', '"step": 3'),
    }
    reply = _submit(app_server, third, {"partner": MANAGER, "share": True}, user=STRANGER)
    assert reply["response_action"] == "update"
    assert reply["view"]["callback_id"] == Ids.REFUSED
    _close(app_server, second, {"improve": "Overwritten!"}, user=STRANGER)

    (after,) = _preps(engine, people[EMPLOYEE])
    assert after.answers == before.answers and after.submitted_at is None
    assert after.partner_id is None
    assert _preps(engine, people[STRANGER]) == []
    assert app_server.fake.calls_to("chat.postMessage") == []


def test_a_sent_prep_cannot_be_sent_or_changed_again(app_server: AppServer, engine: Engine) -> None:
    people = _people(engine)
    view = _open(app_server)
    second = _submit(app_server, view, STEP_1)["view"]
    third = _submit(app_server, second, STEP_2)["view"]
    _submit(app_server, third, {"partner": MANAGER, "share": True})
    _dms(app_server, 2)
    again = _submit(app_server, third, {"partner": MANAGER, "share": True})
    assert again["view"]["callback_id"] == Ids.REFUSED
    time.sleep(0.2)
    assert len(app_server.fake.calls_to("chat.postMessage")) == 2
    (prep,) = _preps(engine, people[EMPLOYEE])
    assert prep.submitted_at is not None

    fresh = _open(app_server)  # a new prep starts blank, the sent one stays as it was
    assert json.loads(fresh["private_metadata"])["prep"] is None
    assert "initial_value" not in _field(fresh, "feeling")
