"""`/career-prep goals` through signed HTTP and the fake Slack, with trust checks."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.blocks.ids import Goals as Ids
from bot.blocks.ids import Home as HomeIds
from bot.db import session_scope
from bot.models import Goal, Skill, SkillRating
from bot.services.growth.goals import add_months
from tests.support.answers import GOAL_ANSWERS
from tests.support.app_server import AppServer
from tests.support.factories import person_id
from tests.support.fakeslack.blockkit import check_view
from tests.support.fakeslack.fixtures import EMPLOYEE, STRANGER
from tests.support.fakeslack.server import RESPONSE_URL
from tests.support.slack_ui import click, eventually, open_by_command, opened, submit
from tests.support.world import NOW, TODAY

# ---- goal helpers ----------------------------------------------------------------------------


def _goals(engine: Engine) -> list[Goal]:
    with Session(engine) as session:
        return list(session.exec(select(Goal).order_by(Goal.id)))  # type: ignore[arg-type]


def _seed_goal(engine: Engine, user: str = EMPLOYEE, **fields: Any) -> int:
    with session_scope(engine) as session:
        goal = Goal(
            person_id=person_id(engine, user),
            title=fields.pop("title", "Lead a retro"),
            experiment="Ask to run the next one",
            horizon=fields.pop("horizon", "short"),
            target_on=fields.pop("target_on", TODAY + timedelta(days=60)),
            created_at=NOW,
            updated_at=NOW,
            **fields,
        )
        session.add(goal)
        session.flush()
        return goal.id or 0


def _open_list(app_server: AppServer, user: str = EMPLOYEE) -> dict[str, Any]:
    view = open_by_command(app_server, "goals", user)
    assert view["callback_id"] == Ids.MODAL
    return view


def _buttons(view: dict[str, Any]) -> list[tuple[str, str]]:
    found = []
    for block in view["blocks"]:
        elements = list(block.get("elements", [])) if block["type"] == "actions" else []
        if "accessory" in block:
            elements.append(block["accessory"])
        found += [(e["action_id"], e.get("value", "")) for e in elements]
    return found


def _last_update(app_server: AppServer, count: int = 1) -> dict[str, Any]:
    return app_server.fake.wait_for("views.update", count=count)[-1].args


# ---- the flows -------------------------------------------------------------------------------


def test_a_first_goal_opens_the_form_saves_with_a_default_date_and_lists_it(
    app_server: AppServer, engine: Engine
) -> None:
    form = open_by_command(app_server, "goals")
    assert form["callback_id"] == Ids.FORM
    inputs = [b["block_id"] for b in form["blocks"] if b["type"] == "input"]
    assert inputs[:6] == ["title", "relevant", "experiment", "aspiration", "learning", "horizon"]

    reply = submit(
        app_server,
        form,
        {
            **GOAL_ANSWERS,
            "title": "<!channel> Speak at <@U0BOSS>'s meetup",
            "learning": "Storytelling",
        },
    )
    assert reply["response_action"] == "update"
    listing = reply["view"]
    assert check_view(listing) == []
    text = json.dumps(listing)
    assert "&lt;!channel&gt; Speak at &lt;@U0BOSS&gt;" in text
    assert "<!channel>" not in text and "<@U0BOSS>" not in text
    (goal,) = _goals(engine)
    assert (goal.horizon, goal.status, goal.learning) == ("medium", "active", "Storytelling")
    assert goal.target_on == add_months(TODAY, 12)
    assert (Ids.EDIT, str(goal.id)) in _buttons(listing)
    (home,) = app_server.fake.wait_for("views.publish")
    assert "&lt;!channel&gt; Speak at" in json.dumps(home.args["view"])

    again = _open_list(app_server)
    assert [(a, v) for a, v in _buttons(again) if v] == [
        (Ids.EDIT, str(goal.id)),
        (Ids.DONE, str(goal.id)),
        (Ids.DROP, str(goal.id)),
    ]


def test_add_from_the_list_pushes_the_form_and_refreshes_the_list_below(
    app_server: AppServer, engine: Engine
) -> None:
    _seed_goal(engine)
    listing = _open_list(app_server)
    click(app_server, Ids.ADD, view=listing)
    call = app_server.fake.wait_for("views.push")[-1]
    form = opened(call.args["view"], call.response["view"])
    assert form["previous_view_id"] == listing["id"]

    reply = submit(app_server, form, {**GOAL_ANSWERS, "target_on": TODAY + timedelta(days=10)})
    assert reply == {}  # closes the form, revealing the list below
    update = _last_update(app_server)
    assert update["view_id"] == listing["id"]
    assert "Saved *Speak at a meetup*" in json.dumps(update["view"])
    assert [g.target_on for g in _goals(engine)][-1] == TODAY + timedelta(days=10)


def test_edit_pushes_the_goal_prefilled_and_saves_it(app_server: AppServer, engine: Engine) -> None:
    goal_id = _seed_goal(engine, relevant="Be seen", horizon="long")
    listing = _open_list(app_server)
    click(app_server, Ids.EDIT, str(goal_id), view=listing)
    call = app_server.fake.wait_for("views.push")[-1]
    form = opened(call.args["view"], call.response["view"])
    inputs = {b["block_id"]: b["element"] for b in form["blocks"] if b["type"] == "input"}
    assert form["private_metadata"] == str(goal_id)
    assert inputs["title"]["initial_value"] == "Lead a retro"
    assert inputs["relevant"]["initial_value"] == "Be seen"
    assert inputs["horizon"]["initial_option"]["value"] == "long"

    answers = {
        "title": "Lead two retros",
        "experiment": "Ask",
        "horizon": "long",
        "target_on": TODAY + timedelta(days=400),
    }
    assert submit(app_server, form, answers) == {}
    assert _last_update(app_server)["view_id"] == listing["id"]
    (goal,) = _goals(engine)
    assert (goal.title, goal.relevant, goal.target_on) == (
        "Lead two retros",
        "",
        TODAY + timedelta(days=400),
    )


def test_done_and_drop_in_the_modal_change_the_goal_and_refresh_the_list(
    app_server: AppServer, engine: Engine
) -> None:
    first, second = _seed_goal(engine, title="First"), _seed_goal(engine, title="Second")
    listing = _open_list(app_server)
    click(app_server, Ids.DONE, str(first), view=listing)
    update = _last_update(app_server)
    assert update["view_id"] == listing["id"]
    assert "Marked *First* done" in json.dumps(update["view"])
    assert (Ids.DONE, str(first)) not in _buttons(update["view"])
    assert "Also 1 done." in json.dumps(update["view"])

    click(app_server, Ids.DROP, str(second), view=listing)
    update = _last_update(app_server, count=2)
    assert "No active goals" in json.dumps(update["view"])
    assert [g.status for g in _goals(engine)] == ["done", "dropped"]


def test_done_on_app_home_changes_the_goal_and_republishes_the_home_tab(
    app_server: AppServer, engine: Engine
) -> None:
    goal_id = _seed_goal(engine)
    click(app_server, Ids.DONE, str(goal_id), home=True)
    eventually(lambda: _goals(engine)[0].status == "done")
    (home,) = app_server.fake.wait_for("views.publish")
    assert "Marked" in json.dumps(home.args["view"])
    assert app_server.fake.calls_to("views.update") == []


def test_done_in_a_message_answers_the_clicker_only(app_server: AppServer, engine: Engine) -> None:
    goal_id = _seed_goal(engine, title="<!here> Ship it")
    click(app_server, Ids.DONE, str(goal_id))
    (answer,) = app_server.fake.wait_for(RESPONSE_URL)
    assert answer.args["response_type"] == "ephemeral"
    assert "Marked *&lt;!here&gt; Ship it* done" in answer.args["text"]
    assert _goals(engine)[0].status == "done"


def test_edit_on_app_home_opens_the_form(app_server: AppServer, engine: Engine) -> None:
    goal_id = _seed_goal(engine)
    click(app_server, Ids.EDIT, str(goal_id), home=True)
    call = app_server.fake.wait_for("views.open")[-1]
    assert call.args["view"]["callback_id"] == Ids.FORM
    form = opened(call.args["view"], call.response["view"])
    reply = submit(app_server, form, {**GOAL_ANSWERS, "title": "From home"})
    assert reply["response_action"] == "update"
    assert _goals(engine)[0].title == "From home"


def test_the_home_goals_button_opens_the_goals_modal(app_server: AppServer, engine: Engine) -> None:
    _seed_goal(engine)
    click(app_server, HomeIds.OPEN_GOALS, home=True)
    call = app_server.fake.wait_for("views.open")[-1]
    assert call.args["view"]["callback_id"] == Ids.MODAL


@pytest.mark.parametrize("action", [Ids.DONE, Ids.DROP, Ids.EDIT])
def test_a_stranger_clicking_with_someone_elses_goal_id_changes_nothing(
    app_server: AppServer, engine: Engine, action: str
) -> None:
    goal_id = _seed_goal(engine, title="Ada's own goal")
    before = _goals(engine)
    theirs = open_by_command(app_server, "goals", STRANGER)  # their own (empty) form
    click(app_server, action, str(goal_id), user=STRANGER, view=theirs)
    update = _last_update(app_server)
    assert update["view_id"] == theirs["id"]
    assert "isn't yours" in json.dumps(update["view"])
    assert "Ada's own goal" not in json.dumps(update["view"])
    assert app_server.fake.calls_to("views.push") == []
    assert _goals(engine) == before


def test_a_stranger_editing_from_home_is_told_no_and_sees_nothing(
    app_server: AppServer, engine: Engine
) -> None:
    goal_id = _seed_goal(engine, title="Ada's own goal")
    click(app_server, Ids.EDIT, str(goal_id), user=STRANGER, home=True)
    view = app_server.fake.wait_for("views.open")[-1].args["view"]
    assert "isn't yours" in json.dumps(view) and "Ada's own goal" not in json.dumps(view)


def test_a_stranger_submitting_a_form_for_someone_elses_goal_changes_nothing(
    app_server: AppServer, engine: Engine
) -> None:
    goal_id = _seed_goal(engine, title="Ada's own goal")
    form = open_by_command(app_server, "goals", STRANGER)
    forged = {**form, "private_metadata": str(goal_id)}
    reply = submit(app_server, forged, {**GOAL_ANSWERS, "title": "Mine now"}, user=STRANGER)
    assert reply["response_action"] == "update"
    assert "isn't yours" in json.dumps(reply["view"])
    assert [g.title for g in _goals(engine)] == ["Ada's own goal"]


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
    assert _goals(engine) == []


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
    assert _goals(engine)[0].skill_id == mine_id


def test_sixty_goals_and_thirty_ratings_stay_within_slack_limits(
    app_server: AppServer, engine: Engine
) -> None:
    owner = person_id(engine)
    with session_scope(engine) as session:
        skills = [Skill(person_id=owner, name=f"Skill {n} " + "s" * 60) for n in range(30)]
        session.add_all(skills)
        session.flush()
        session.add_all(
            SkillRating(
                skill_id=s.id or 0,
                rated_by_id=owner,
                rating=n % 10 + 1,
                rated_on=TODAY - timedelta(days=n),
            )
            for n, s in enumerate(skills)
        )
    for n in range(60):
        _seed_goal(
            engine,
            title=f"<!here> goal {n} " + "g" * 130,
            horizon=("short", "long")[n % 2],
            status=("active", "done", "dropped")[n % 3] if n >= 40 else "active",
        )
    listing = _open_list(app_server)
    assert len(listing["blocks"]) <= 100
    assert "more goals not shown" in json.dumps(listing)
    edit = next(v for a, v in _buttons(listing) if a == Ids.EDIT)
    click(app_server, Ids.EDIT, edit, view=listing)
    form = app_server.fake.wait_for("views.push")[-1].args["view"]
    assert (
        len(next(b for b in form["blocks"] if b.get("block_id") == "skill")["element"]["options"])
        == 30
    )
    app_server.fake.assert_no_violations()
