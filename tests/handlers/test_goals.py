"""`/career-prep goals` through signed HTTP and the fake Slack: add, edit, done and drop, from
the modal, App Home and a message, within Slack's limits (refusals: test_goals_refusals.py)."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy.engine import Engine

from bot.blocks.ids import Goals as Ids
from bot.blocks.ids import Home as HomeIds
from bot.db import session_scope
from bot.models import Skill, SkillRating
from bot.services.growth.goals import add_months
from tests.support.answers import GOAL_ANSWERS
from tests.support.app_server import AppServer
from tests.support.factories import person_id
from tests.support.fakeslack.blockkit import check_view
from tests.support.fakeslack.server import RESPONSE_URL
from tests.support.goals import buttons, goals, last_update, open_list, seed_goal
from tests.support.slack_ui import click, eventually, open_by_command, opened, submit
from tests.support.world import TODAY

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
    (goal,) = goals(engine)
    assert (goal.horizon, goal.status, goal.learning) == ("medium", "active", "Storytelling")
    assert goal.target_on == add_months(TODAY, 12)
    assert (Ids.EDIT, str(goal.id)) in buttons(listing)
    (home,) = app_server.fake.wait_for("views.publish")
    assert "&lt;!channel&gt; Speak at" in json.dumps(home.args["view"])

    again = open_list(app_server)
    assert [(a, v) for a, v in buttons(again) if v] == [
        (Ids.EDIT, str(goal.id)),
        (Ids.DONE, str(goal.id)),
        (Ids.DROP, str(goal.id)),
    ]


def test_add_from_the_list_pushes_the_form_and_refreshes_the_list_below(
    app_server: AppServer, engine: Engine
) -> None:
    seed_goal(engine)
    listing = open_list(app_server)
    click(app_server, Ids.ADD, view=listing)
    call = app_server.fake.wait_for("views.push")[-1]
    form = opened(call.args["view"], call.response["view"])
    assert form["previous_view_id"] == listing["id"]

    reply = submit(app_server, form, {**GOAL_ANSWERS, "target_on": TODAY + timedelta(days=10)})
    assert reply == {}  # closes the form, revealing the list below
    update = last_update(app_server)
    assert update["view_id"] == listing["id"]
    assert "Saved *Speak at a meetup*" in json.dumps(update["view"])
    assert [g.target_on for g in goals(engine)][-1] == TODAY + timedelta(days=10)


def test_edit_pushes_the_goal_prefilled_and_saves_it(app_server: AppServer, engine: Engine) -> None:
    goal_id = seed_goal(engine, relevant="Be seen", horizon="long")
    listing = open_list(app_server)
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
    assert last_update(app_server)["view_id"] == listing["id"]
    (goal,) = goals(engine)
    assert (goal.title, goal.relevant, goal.target_on) == (
        "Lead two retros",
        "",
        TODAY + timedelta(days=400),
    )


def test_done_and_drop_in_the_modal_change_the_goal_and_refresh_the_list(
    app_server: AppServer, engine: Engine
) -> None:
    first, second = seed_goal(engine, title="First"), seed_goal(engine, title="Second")
    listing = open_list(app_server)
    click(app_server, Ids.DONE, str(first), view=listing)
    update = last_update(app_server)
    assert update["view_id"] == listing["id"]
    assert "Marked *First* done" in json.dumps(update["view"])
    assert (Ids.DONE, str(first)) not in buttons(update["view"])
    assert "Also 1 done." in json.dumps(update["view"])

    click(app_server, Ids.DROP, str(second), view=listing)
    update = last_update(app_server, count=2)
    assert "No active goals" in json.dumps(update["view"])
    assert [g.status for g in goals(engine)] == ["done", "dropped"]


def test_done_on_app_home_changes_the_goal_and_republishes_the_home_tab(
    app_server: AppServer, engine: Engine
) -> None:
    goal_id = seed_goal(engine)
    click(app_server, Ids.DONE, str(goal_id), home=True)
    eventually(lambda: goals(engine)[0].status == "done")
    (home,) = app_server.fake.wait_for("views.publish")
    assert "Marked" in json.dumps(home.args["view"])
    assert app_server.fake.calls_to("views.update") == []


def test_done_in_a_message_answers_the_clicker_only(app_server: AppServer, engine: Engine) -> None:
    goal_id = seed_goal(engine, title="<!here> Ship it")
    click(app_server, Ids.DONE, str(goal_id))
    (answer,) = app_server.fake.wait_for(RESPONSE_URL)
    assert answer.args["response_type"] == "ephemeral"
    assert "Marked *&lt;!here&gt; Ship it* done" in answer.args["text"]
    assert goals(engine)[0].status == "done"


def test_edit_on_app_home_opens_the_form(app_server: AppServer, engine: Engine) -> None:
    goal_id = seed_goal(engine)
    click(app_server, Ids.EDIT, str(goal_id), home=True)
    call = app_server.fake.wait_for("views.open")[-1]
    assert call.args["view"]["callback_id"] == Ids.FORM
    form = opened(call.args["view"], call.response["view"])
    reply = submit(app_server, form, {**GOAL_ANSWERS, "title": "From home"})
    assert reply["response_action"] == "update"
    assert goals(engine)[0].title == "From home"


def test_the_home_goals_button_opens_the_goals_modal(app_server: AppServer, engine: Engine) -> None:
    seed_goal(engine)
    click(app_server, HomeIds.OPEN_GOALS, home=True)
    call = app_server.fake.wait_for("views.open")[-1]
    assert call.args["view"]["callback_id"] == Ids.MODAL


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
        seed_goal(
            engine,
            title=f"<!here> goal {n} " + "g" * 130,
            horizon=("short", "long")[n % 2],
            status=("active", "done", "dropped")[n % 3] if n >= 40 else "active",
        )
    listing = open_list(app_server)
    assert len(listing["blocks"]) <= 100
    assert "more goals not shown" in json.dumps(listing)
    edit = next(v for a, v in buttons(listing) if a == Ids.EDIT)
    click(app_server, Ids.EDIT, edit, view=listing)
    form = app_server.fake.wait_for("views.push")[-1].args["view"]
    assert (
        len(next(b for b in form["blocks"] if b.get("block_id") == "skill")["element"]["options"])
        == 30
    )
    app_server.fake.assert_no_violations()
