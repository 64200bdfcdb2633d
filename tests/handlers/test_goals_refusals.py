"""`/career-prep goals` refusing: someone else's goal by id, bad input on its field, a forged
skill option. Nothing changes."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from bot.blocks.ids import Goals as Ids
from bot.db import session_scope
from bot.models import Skill
from tests.support.answers import GOAL_ANSWERS
from tests.support.app_server import AppServer
from tests.support.factories import person_id
from tests.support.fakeslack.fixtures import STRANGER
from tests.support.goals import goals, last_update, seed_goal
from tests.support.slack_ui import click, open_by_command, submit
from tests.support.world import TODAY

# ---- refusals --------------------------------------------------------------------------------


@pytest.mark.parametrize("action", [Ids.DONE, Ids.DROP, Ids.EDIT])
def test_a_stranger_clicking_with_someone_elses_goal_id_changes_nothing(
    app_server: AppServer, engine: Engine, action: str
) -> None:
    goal_id = seed_goal(engine, title="Ada's own goal")
    before = goals(engine)
    theirs = open_by_command(app_server, "goals", STRANGER)  # their own (empty) form
    click(app_server, action, str(goal_id), user=STRANGER, view=theirs)
    update = last_update(app_server)
    assert update["view_id"] == theirs["id"]
    assert "isn't yours" in json.dumps(update["view"])
    assert "Ada's own goal" not in json.dumps(update["view"])
    assert app_server.fake.calls_to("views.push") == []
    assert goals(engine) == before


def test_a_stranger_editing_from_home_is_told_no_and_sees_nothing(
    app_server: AppServer, engine: Engine
) -> None:
    goal_id = seed_goal(engine, title="Ada's own goal")
    click(app_server, Ids.EDIT, str(goal_id), user=STRANGER, home=True)
    view = app_server.fake.wait_for("views.open")[-1].args["view"]
    assert "isn't yours" in json.dumps(view) and "Ada's own goal" not in json.dumps(view)


def test_a_stranger_submitting_a_form_for_someone_elses_goal_changes_nothing(
    app_server: AppServer, engine: Engine
) -> None:
    goal_id = seed_goal(engine, title="Ada's own goal")
    form = open_by_command(app_server, "goals", STRANGER)
    forged = {**form, "private_metadata": str(goal_id)}
    reply = submit(app_server, forged, {**GOAL_ANSWERS, "title": "Mine now"}, user=STRANGER)
    assert reply["response_action"] == "update"
    assert "isn't yours" in json.dumps(reply["view"])
    assert [g.title for g in goals(engine)] == ["Ada's own goal"]


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ({"title": None}, "title", "Please fill this in"),
        ({"title": "   "}, "title", "Please fill this in"),
        ({"experiment": None}, "experiment", "Please fill this in"),
        ({"horizon": None}, "horizon", "Please fill this in"),
        ({"title": "t" * 151}, "title", "under 150 characters"),
        ({"relevant": "r" * 2001}, "relevant", "under 2000 characters"),
        ({"target_on": TODAY - timedelta(days=1)}, "target_on", "in the past"),
        ({"target_on": date(TODAY.year + 11, 1, 1)}, "target_on", "within 10 years"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_saved(
    app_server: AppServer, engine: Engine, answers: dict[str, Any], field: str, message: str
) -> None:
    form = open_by_command(app_server, "goals")
    reply = submit(app_server, form, {**GOAL_ANSWERS, **answers})
    assert reply["response_action"] == "errors"
    assert list(reply["errors"]) == [field]
    assert message in reply["errors"][field]
    assert "view" not in reply  # the modal stays as typed
    assert goals(engine) == []


def test_a_goal_links_a_skill_and_refuses_someone_elses(
    app_server: AppServer, engine: Engine
) -> None:
    with session_scope(engine) as session:
        mine = Skill(person_id=person_id(engine), name="Public speaking")
        theirs = Skill(person_id=person_id(engine, STRANGER), name="Go")
        session.add_all([mine, theirs])
        session.flush()
        mine_id, theirs_id = mine.id, theirs.id
    form = open_by_command(app_server, "goals")
    skill = next(b for b in form["blocks"] if b.get("block_id") == "skill")
    assert [o["value"] for o in skill["element"]["options"]] == [str(mine_id)]
    # A forged option value: Slack only offers what we listed, but the payload is not proof.
    skill["element"]["options"].append(
        {"text": {"type": "plain_text", "text": "Go"}, "value": str(theirs_id)}
    )
    reply = submit(app_server, form, {**GOAL_ANSWERS, "skill": str(theirs_id)})
    assert list(reply["errors"]) == ["skill"]
    submit(app_server, form, {**GOAL_ANSWERS, "skill": str(mine_id)})
    assert goals(engine)[0].skill_id == mine_id
