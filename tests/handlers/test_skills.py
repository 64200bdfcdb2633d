"""`/career-prep skills` through signed HTTP and the fake Slack, with trust checks."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.blocks.ids import Home as HomeIds
from bot.blocks.ids import Skills as Ids
from bot.db import session_scope
from bot.models import Skill, SkillRating
from tests.support.answers import SKILL_ANSWERS
from tests.support.app_server import AppServer
from tests.support.factories import person_id
from tests.support.fakeslack.blockkit import check_view
from tests.support.fakeslack.fixtures import EMPLOYEE, STRANGER
from tests.support.slack_ui import click, open_by_command, opened, submit

TODAY = datetime.now(UTC).date()


def _skills(engine: Engine) -> list[Skill]:
    with Session(engine) as session:
        return list(session.exec(select(Skill).order_by(Skill.id)))  # type: ignore[arg-type]


def _ratings(engine: Engine) -> list[tuple[int, Any]]:
    with Session(engine) as session:
        rows = session.exec(select(SkillRating).order_by(SkillRating.rated_on))  # type: ignore[arg-type]
        return [(r.rating, r.rated_on) for r in rows]


def _seed_skill(engine: Engine, user: str = EMPLOYEE, ratings: tuple[int, ...] = (2,)) -> int:
    owner = person_id(engine, user)
    with session_scope(engine) as session:
        skill = Skill(
            person_id=owner,
            name="Facilitation",
            options=["a", "b", "c"],
            ten_looks_like="Calm",
            approach="Practice",
            target_6m=5,
        )
        session.add(skill)
        session.flush()
        for n, rating in enumerate(ratings):
            session.add(
                SkillRating(
                    skill_id=skill.id or 0,
                    rated_by_id=owner,
                    rating=rating,
                    rated_on=TODAY - timedelta(days=90 * (len(ratings) - n)),
                )
            )
        return skill.id or 0


def test_a_first_skill_opens_the_form_and_saves_with_todays_rating(
    app_server: AppServer, engine: Engine
) -> None:
    form = open_by_command(app_server, "skills")
    assert form["callback_id"] == Ids.FORM
    reply = submit(
        app_server,
        form,
        {**SKILL_ANSWERS, "name": "<!channel> SQL", "target_6m": "5", "target_18m": "8"},
    )
    assert reply["response_action"] == "update"
    listing = reply["view"]
    assert check_view(listing) == []
    text = json.dumps(listing, ensure_ascii=False)
    assert "&lt;!channel&gt; SQL" in text and "<!channel>" not in text
    assert "`▃ 4`" in text
    (skill,) = _skills(engine)
    assert skill.options == ["Shadow Ana", "Run the team retro", "Take the workshop course"]
    assert (skill.target_6m, skill.target_12m, skill.target_18m) == (5, None, 8)
    assert _ratings(engine) == [(4, TODAY)]
    (home,) = app_server.fake.wait_for("views.publish")
    assert "&lt;!channel&gt; SQL" in json.dumps(home.args["view"])

    again = open_by_command(app_server, "skills")
    assert again["callback_id"] == Ids.MODAL


def test_rating_from_the_list_shows_the_trend_across_conversations(
    app_server: AppServer, engine: Engine
) -> None:
    skill_id = _seed_skill(engine, ratings=(2, 3))
    listing = open_by_command(app_server, "skills")
    assert "`▂▃ 2 → 3`" in json.dumps(listing, ensure_ascii=False)
    click(app_server, Ids.EDIT, str(skill_id), view=listing)
    call = app_server.fake.wait_for("views.push")[-1]
    form = opened(call.args["view"], call.response["view"])
    assert form["private_metadata"] == str(skill_id)
    assert "Last time: 3" in json.dumps(form)

    assert submit(app_server, form, {**SKILL_ANSWERS, "rating": "6"}) == {}
    update = app_server.fake.wait_for("views.update")[-1].args
    assert update["view_id"] == listing["id"]
    assert "`▂▃▅ 2 → 6`" in json.dumps(update["view"], ensure_ascii=False)
    assert [r for r, _ in _ratings(engine)] == [2, 3, 6]


def test_the_same_name_again_the_same_day_updates_instead_of_duplicating(
    app_server: AppServer, engine: Engine
) -> None:
    form = open_by_command(app_server, "skills")
    submit(app_server, form, SKILL_ANSWERS)
    listing = open_by_command(app_server, "skills")
    click(app_server, Ids.ADD, view=listing)
    call = app_server.fake.wait_for("views.push")[-1]
    added = opened(call.args["view"], call.response["view"])
    assert submit(app_server, added, {**SKILL_ANSWERS, "name": "FACILITATION", "rating": "6"}) == {}
    app_server.fake.wait_for("views.update")
    assert [s.name for s in _skills(engine)] == ["Facilitation"]
    assert _ratings(engine) == [(6, TODAY)]


def test_the_home_skills_button_opens_the_skills_modal(
    app_server: AppServer, engine: Engine
) -> None:
    _seed_skill(engine)
    click(app_server, HomeIds.OPEN_SKILLS, home=True)
    assert app_server.fake.wait_for("views.open")[-1].args["view"]["callback_id"] == Ids.MODAL


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ({"name": None}, "name", "Please fill this in"),
        ({"name": "n" * 81}, "name", "under 80 characters"),
        ({"rating": None}, "rating", "Please fill this in"),
        ({"rating": "11"}, "rating", "whole number from 1 to 10"),
        ({"rating": "0"}, "rating", "whole number from 1 to 10"),
        ({"rating": "6.5"}, "rating", "whole number from 1 to 10"),
        ({"ten_looks_like": None}, "ten_looks_like", "Please fill this in"),
        ({"options": "Read a book\nAsk Ana"}, "options", "at least 3 ways"),
        ({"approach": "a" * 2001}, "approach", "under 2000 characters"),
        ({"target_12m": "2"}, "target_12m", "at least 4"),
        ({"target_18m": "10.5"}, "target_18m", "whole number from 1 to 10"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_saved(
    app_server: AppServer, engine: Engine, answers: dict[str, Any], field: str, message: str
) -> None:
    form = open_by_command(app_server, "skills")
    reply = submit(app_server, form, {**SKILL_ANSWERS, **answers})
    assert reply["response_action"] == "errors"
    assert list(reply["errors"]) == [field]
    assert message in reply["errors"][field]
    assert "view" not in reply
    assert _skills(engine) == [] and _ratings(engine) == []


def test_a_stranger_rating_someone_elses_skill_changes_nothing(
    app_server: AppServer, engine: Engine
) -> None:
    skill_id = _seed_skill(engine)
    before = (_skills(engine), _ratings(engine))
    theirs = open_by_command(app_server, "skills", STRANGER)
    click(app_server, Ids.EDIT, str(skill_id), user=STRANGER, view=theirs)
    update = app_server.fake.wait_for("views.update")[-1].args
    assert update["view_id"] == theirs["id"]
    assert "isn't yours" in json.dumps(update["view"])
    assert app_server.fake.calls_to("views.push") == []

    click(app_server, Ids.EDIT, str(skill_id), user=STRANGER, home=True)
    notice = app_server.fake.wait_for("views.open", count=2)[-1].args["view"]
    assert "isn't yours" in json.dumps(notice) and "Facilitation" not in json.dumps(notice)

    forged = {**theirs, "private_metadata": str(skill_id)}
    reply = submit(app_server, forged, {**SKILL_ANSWERS, "rating": "1"}, user=STRANGER)
    assert "isn't yours" in json.dumps(reply["view"])
    assert (_skills(engine), _ratings(engine)) == before
