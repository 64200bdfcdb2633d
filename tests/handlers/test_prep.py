"""`/career-prep prep` end to end: opening it, and the whole flow to a shared agenda."""

from __future__ import annotations

import json
import time
from datetime import date

import pytest
from sqlalchemy.engine import Engine

from bot.blocks.ids import Home as HomeIds
from bot.blocks.ids import Prep as Ids
from bot.db import session_scope
from bot.models import ActionItem, Conversation, Goal, Person
from tests.support import slack_requests
from tests.support.app_server import AppServer
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER
from tests.support.prep_modal import (
    NOW,
    STEP_1,
    STEP_2,
    TEAM,
    add_people,
    dms_sent,
    field_of,
    open_prep,
    preps_of,
    submit_step,
    text_of,
    through_steps,
)
from tests.support.slack_dates import shown


def _seed_history(engine: Engine, people: dict[str, int]) -> None:
    employee, manager, stranger = people[EMPLOYEE], people[MANAGER], people[STRANGER]
    with session_scope(engine) as session:
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
    add_people(engine)
    view = open_prep(app_server, text)
    assert view["callback_id"] == Ids.MODAL
    assert view["notify_on_close"] is True
    assert json.loads(view["private_metadata"]) == {"prep": None, "step": 1}
    names = [b["block_id"] for b in view["blocks"] if b["type"] == "input"]
    assert names == ["feeling", "direction", "passions", "strengths"]
    directions = [o["value"] for o in field_of(view, "direction")["options"]]
    assert directions == ["management", "expert", "pivot", "new_industry", "not_sure"]
    assert view["submit"]["text"] == "Next"


def test_the_home_button_opens_the_modal_too(app_server: AppServer, engine: Engine) -> None:
    add_people(engine)
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
    people = add_people(engine)
    _seed_history(engine, people)
    view = open_prep(app_server)

    reply = submit_step(app_server, view, STEP_1)
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

    third = submit_step(app_server, second, STEP_2)["view"]
    assert field_of(third, "partner")["initial_user"] == MANAGER  # prefilled from the manager
    assert third["submit"]["text"] == "Send"

    done = submit_step(
        app_server, third, {"support": "Time for a course", "partner": MANAGER, "share": True}
    )
    assert done["response_action"] == "update"
    assert done["view"]["callback_id"] == Ids.DONE
    assert "shared it with <@U0MANAGER1>" in json.dumps(done["view"])

    dms = dms_sent(app_server, 2)
    (prep,) = preps_of(engine, people[EMPLOYEE])
    assert prep.id == prep_id and prep.submitted_at is not None and prep.shared
    assert prep.partner_id == people[MANAGER]
    assert prep.answers["feeling"] == STEP_1["feeling"] and prep.answers["support"]

    mine = text_of(dms[EMPLOYEE])
    assert "Mostly good. &lt;!channel&gt; and &lt;@U0STRANGER1&gt;" in mine
    assert "Rust &amp; &lt;b&gt;SQL&lt;/b&gt;" in mine
    assert "Expert: going deeper in my craft" in mine
    assert "I've shared it with <@U0MANAGER1>" in mine

    theirs = text_of(dms[MANAGER])
    assert "<@U0EMPLOYEE1> has prepared" in theirs
    assert "&lt;!channel&gt;" in theirs and "Public speaking" in theirs
    assert f"Draft the &lt;@U0MANAGER1&gt; talk outline — due {shown(date(2025, 3, 20))}" in theirs
    assert (
        f"Give a conference talk — medium term (~12 months), by {shown(date(2026, 3, 1))}" in theirs
    )
    assert "Agreed to try &lt;!here&gt; a tech talk" in theirs
    assert "realistically offer" in theirs
    assert "Mentor-only" not in theirs  # another pair's notes and items stay theirs
    for message in dms.values():
        raw = json.dumps(message["blocks"])
        assert "<!channel>" not in raw and "<!here>" not in raw and "<@U0STRANGER1>" not in raw


def test_an_agenda_that_is_not_shared_goes_to_the_employee_only(
    app_server: AppServer, engine: Engine
) -> None:
    people = add_people(engine)
    done = through_steps(app_server, STEP_1, STEP_2, {"partner": MANAGER, "share": False})
    assert "gets nothing from me" in json.dumps(done["view"])
    dms = dms_sent(app_server, 1)
    time.sleep(0.3)  # a partner DM would follow the employee's at once
    assert len(app_server.fake.calls_to("chat.postMessage")) == 1
    assert "only you can see it" in text_of(dms[EMPLOYEE])
    (prep,) = preps_of(engine, people[EMPLOYEE])
    assert prep.submitted_at is not None and prep.shared is False
    (home,) = app_server.fake.wait_for("views.publish")
    assert home.args["user_id"] == EMPLOYEE


def test_a_mentor_can_be_the_partner_and_is_met_for_the_first_time(
    app_server: AppServer, engine: Engine
) -> None:
    people = add_people(engine, manager=False)
    through_steps(app_server, STEP_1, STEP_2, {"partner": STRANGER, "share": True})
    dms = dms_sent(app_server, 2)
    assert "first career conversation together" in text_of(dms[STRANGER])
    assert "None open" in text_of(dms[STRANGER]) and "No goals recorded yet" in text_of(
        dms[STRANGER]
    )
    (prep,) = preps_of(engine, people[EMPLOYEE])
    assert prep.partner_id == people[STRANGER]
