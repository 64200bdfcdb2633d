"""App Home through signed HTTP: the dashboard (cycle, goals, skills), done buttons, its limits."""

import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.blocks.ids import Goals as GoalIds
from bot.blocks.ids import Home as Ids
from bot.clock import Clock
from bot.db import session_scope
from bot.models import ActionItem, Goal, Person, Skill, SkillRating
from tests.support.app_server import AppServer
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER
from tests.support.home_world import (
    NOW,
    TODAY,
    open_home,
    pinned_clock,
    press,
    published,
    seed,
)


@pytest.fixture
def app_clock(fake_slack: FakeSlack) -> Clock:
    """Every test here runs at NOW, a working hour (see tests/support/home_world.py)."""
    return pinned_clock(fake_slack)


def test_an_employee_sees_their_cycle_and_escaped_next_steps(
    app_server: AppServer, engine: Engine
) -> None:
    seed(engine, days_ago=100)
    text = json.dumps(open_home(app_server, EMPLOYEE), ensure_ascii=False)
    assert f"with <@{MANAGER}>, 100 days ago" in text
    assert "10 days overdue" in text
    assert "Shadow an &lt;!here&gt; on-call week" in text and "<!here>" not in text


def test_done_marks_the_owners_item_and_a_stranger_changes_nothing(
    app_server: AppServer, engine: Engine
) -> None:
    ids = seed(engine)
    press(app_server, STRANGER, Ids.ACTION_ITEM_DONE, str(ids["item"]))
    assert "isn't yours" in json.dumps(published(app_server, STRANGER, 1), ensure_ascii=False)
    with Session(engine) as session:
        assert session.get(ActionItem, ids["item"]).done_at is None  # type: ignore[union-attr]

    press(app_server, EMPLOYEE, Ids.ACTION_ITEM_DONE, str(ids["item"]))
    home = json.dumps(published(app_server, EMPLOYEE, 2), ensure_ascii=False)
    assert "Marked done" in home and "Shadow an" not in home
    with Session(engine) as session:
        assert session.get(ActionItem, ids["item"]).done_at is not None  # type: ignore[union-attr]


def test_a_garbage_button_value_changes_nothing(app_server: AppServer, engine: Engine) -> None:
    seed(engine)
    press(app_server, EMPLOYEE, Ids.ACTION_ITEM_DONE, "12; DROP TABLE person")
    assert "isn't yours" in json.dumps(published(app_server, EMPLOYEE, 1), ensure_ascii=False)


def test_a_home_with_sixty_reports_and_items_stays_valid(
    app_server: AppServer, engine: Engine, fake_slack: Any
) -> None:
    ids = seed(engine)
    with session_scope(engine) as session:
        grace = session.get(Person, ids[MANAGER])
        assert grace is not None
        for i in range(60):
            session.add(
                Person(
                    workspace_id=grace.workspace_id,
                    slack_user_id=f"U0R{i:07d}",
                    manager_id=grace.id,
                    joined_at=NOW - timedelta(days=i * 5),
                )
            )
    view = open_home(app_server, MANAGER)
    assert len(view["blocks"]) <= 100
    assert "more reports, most overdue first" in json.dumps(view)


def test_home_shows_goals_and_skill_trends_and_done_refreshes_it(
    app_server: AppServer, engine: Engine
) -> None:
    ids = seed(engine)
    with session_scope(engine) as session:
        goal = Goal(
            person_id=ids[EMPLOYEE],
            title="Lead the <!channel> migration",
            experiment="Pair on the first cutover",
            horizon="short",
            target_on=TODAY + timedelta(days=60),
            created_at=NOW,
            updated_at=NOW,
        )
        skill = Skill(person_id=ids[EMPLOYEE], name="Facilitation")
        session.add_all([goal, skill])
        session.flush()
        for days_ago, rating in ((60, 3), (30, 5), (0, 7)):
            session.add(
                SkillRating(
                    skill_id=skill.id or 0,
                    rated_by_id=ids[EMPLOYEE],
                    rating=rating,
                    rated_on=TODAY - timedelta(days=days_ago),
                )
            )
        goal_id = goal.id or 0
    text = json.dumps(open_home(app_server, EMPLOYEE), ensure_ascii=False)
    assert "Lead the &lt;!channel&gt; migration" in text and "<!channel>" not in text
    assert "Facilitation" in text and "3 → 7" in text

    press(app_server, EMPLOYEE, GoalIds.DONE, str(goal_id))
    refreshed = json.dumps(published(app_server, EMPLOYEE, 2), ensure_ascii=False)
    assert "Marked *Lead the &lt;!channel&gt; migration* done" in refreshed
    with Session(engine) as session:
        assert session.get(Goal, goal_id).status == "done"  # type: ignore[union-attr]


def test_home_with_sixty_goals_and_thirty_ratings_stays_valid(
    app_server: AppServer, engine: Engine
) -> None:
    ids = seed(engine)
    with session_scope(engine) as session:
        for i in range(60):
            session.add(
                Goal(
                    person_id=ids[EMPLOYEE],
                    title=f"Goal {i} " + "x" * 140,
                    experiment="Try it",
                    horizon=("short", "medium", "long")[i % 3],
                    target_on=TODAY + timedelta(days=30 + i),
                    created_at=NOW,
                    updated_at=NOW,
                    status="active" if i % 4 else "done",
                )
            )
        for i in range(10):
            skill = Skill(person_id=ids[EMPLOYEE], name=f"Skill {i}")
            session.add(skill)
            session.flush()
            for days_ago in (0, 30, 60):
                session.add(
                    SkillRating(
                        skill_id=skill.id or 0,
                        rated_by_id=ids[EMPLOYEE],
                        rating=1 + (i + days_ago) % 10,
                        rated_on=TODAY - timedelta(days=days_ago),
                    )
                )
    view = open_home(app_server, EMPLOYEE)  # published checks it with the fake's rules
    text = json.dumps(view)
    assert len(view["blocks"]) <= 100
    assert "more" in text  # the goals that do not fit are counted, not dropped silently
