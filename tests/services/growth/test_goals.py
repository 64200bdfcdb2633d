"""Goals without Slack: defaults, validation, ownership, status changes, grouping."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.blocks.field_errors import field_errors
from bot.db import session_scope
from bot.forms import MAX_TITLE
from bot.models import Goal, Person, Skill
from bot.services.growth import goals
from bot.services.growth.goals import GoalForm
from tests.support.factories import person_id

NOW = datetime(2025, 8, 31, 10, tzinfo=UTC)
TODAY = NOW.date()


def _person(engine: Engine, user: str = "U0OWNER") -> int:
    return person_id(engine, user, slack_team="T1", now=NOW)


def _form(**fields: object) -> GoalForm:
    values: dict[str, object] = {
        "title": "Speak at a meetup",
        "experiment": "Submit a talk",
        "horizon": "short",
        **fields,
    }
    return GoalForm(**values)  # type: ignore[arg-type]


def _add(engine: Engine, owner: int, **fields: object) -> Goal:
    with session_scope(engine) as session:
        return goals.add_goal(session=session, now=NOW, actor_id=owner, form=_form(**fields))


def _goals(engine: Engine) -> list[Goal]:
    with Session(engine) as session:
        return list(session.exec(select(Goal).order_by(Goal.id)))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
        (date(2025, 1, 15), 12, date(2026, 1, 15)),
        (date(2025, 12, 31), 18, date(2027, 6, 30)),
    ],
)
def test_add_months_keeps_the_day_or_the_months_last(
    day: date, months: int, expected: date
) -> None:
    assert goals.add_months(day, months) == expected


@pytest.mark.parametrize(
    ("horizon", "expected"),
    [("short", date(2026, 2, 28)), ("medium", date(2026, 8, 31)), ("long", date(2027, 2, 28))],
)
def test_an_empty_target_date_defaults_from_the_horizon(
    engine: Engine, horizon: str, expected: date
) -> None:
    owner = _person(engine)
    goal = _add(engine, owner, horizon=horizon, relevant="Visibility")
    (stored,) = _goals(engine)
    assert (stored.id, stored.target_on, stored.status) == (goal.id, expected, "active")
    assert (stored.relevant, stored.aspiration, stored.person_id) == ("Visibility", "", owner)


def test_a_chosen_target_date_is_kept_even_when_it_is_today(engine: Engine) -> None:
    owner = _person(engine)
    _add(engine, owner, target_on=TODAY)
    assert _goals(engine)[0].target_on == TODAY


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": None}, "title", "Please fill this in"),
        ({"experiment": None}, "experiment", "Please fill this in"),
        ({"horizon": None}, "horizon", "Please fill this in"),
        ({"horizon": "forever"}, "horizon", "short, medium or long"),
        ({"title": "x" * (MAX_TITLE + 1)}, "title", f"under {MAX_TITLE} characters"),
        ({"learning": "y" * 2001}, "learning", "under 2000 characters"),
        ({"target_on": TODAY - timedelta(days=1)}, "target_on", "in the past"),
        ({"target_on": date(2036, 1, 1)}, "target_on", "within 10 years"),
        ({"skill": "abc"}, "skill", "your own skills"),
        ({"skill": "999999"}, "skill", "your own skills"),
    ],
)
def test_bad_goals_are_refused_on_their_field_and_nothing_is_saved(
    engine: Engine, fields: dict[str, object], field: str, message: str
) -> None:
    owner = _person(engine)
    with pytest.raises(goals.Invalid) as refused, session_scope(engine) as session:
        goals.add_goal(session=session, now=NOW, actor_id=owner, form=_form(**fields))
    assert list(refused.value.problems) == [field]
    assert message in field_errors(refused.value.problems)[field]
    assert _goals(engine) == []


def test_a_goal_links_only_its_owners_skills(engine: Engine) -> None:
    owner, other = _person(engine), _person(engine, "U0OTHER")
    with session_scope(engine) as session:
        mine, theirs = Skill(person_id=owner, name="SQL"), Skill(person_id=other, name="Go")
        session.add_all([mine, theirs])
        session.flush()
        mine_id, theirs_id = mine.id, theirs.id
    with pytest.raises(goals.Invalid), session_scope(engine) as session:
        goals.add_goal(session=session, now=NOW, actor_id=owner, form=_form(skill=str(theirs_id)))
    _add(engine, owner, skill=str(mine_id))
    assert _goals(engine)[0].skill_id == mine_id


def test_the_owner_edits_a_goal_and_its_status_stays(engine: Engine) -> None:
    owner = _person(engine)
    goal = _add(engine, owner)
    later = NOW + timedelta(days=3)
    with session_scope(engine) as session:
        goals.set_goal_status(
            session=session, now=NOW, actor_id=owner, goal_id=goal.id or 0, status="done"
        )
        goals.update_goal(
            session=session,
            now=later,
            actor_id=owner,
            goal_id=goal.id or 0,
            form=_form(title="Give a talk", horizon="long", learning="Storytelling"),
        )
    (stored,) = _goals(engine)
    assert (stored.title, stored.horizon, stored.learning, stored.status) == (
        "Give a talk",
        "long",
        "Storytelling",
        "done",
    )
    assert stored.target_on == goals.add_months(later.date(), 18)
    assert stored.updated_at.replace(tzinfo=UTC) == later


def test_an_overdue_goal_can_be_edited_without_moving_its_date(engine: Engine) -> None:
    owner = _person(engine)
    goal = _add(engine, owner, target_on=TODAY + timedelta(days=1))
    later = NOW + timedelta(days=10)
    with session_scope(engine) as session:
        goals.update_goal(
            session=session,
            now=later,
            actor_id=owner,
            goal_id=goal.id or 0,
            form=_form(title="Renamed", target_on=goal.target_on),
        )
    with pytest.raises(goals.Invalid) as refused, session_scope(engine) as session:
        goals.update_goal(
            session=session,
            now=later,
            actor_id=owner,
            goal_id=goal.id or 0,
            form=_form(target_on=TODAY + timedelta(days=2)),
        )
    assert list(refused.value.problems) == ["target_on"]
    assert _goals(engine)[0].title == "Renamed"


@pytest.mark.parametrize("change", ["edit", "done", "dropped", "active"])
def test_nobody_but_the_owner_changes_a_goal(engine: Engine, change: str) -> None:
    owner, stranger = _person(engine), _person(engine, "U0STRANGER")
    goal = _add(engine, owner)
    before = _goals(engine)
    with pytest.raises(goals.NotAllowed), session_scope(engine) as session:
        if change == "edit":
            goals.update_goal(
                session=session,
                now=NOW,
                actor_id=stranger,
                goal_id=goal.id or 0,
                form=_form(title="Mine now"),
            )
        else:
            goals.set_goal_status(
                session=session, now=NOW, actor_id=stranger, goal_id=goal.id or 0, status=change
            )
    assert _goals(engine) == before


@pytest.mark.parametrize("goal_id", [0, -1, 424242, 2**40])
def test_a_missing_goal_is_refused_like_someone_elses(engine: Engine, goal_id: int) -> None:
    owner = _person(engine)
    with pytest.raises(goals.NotAllowed), session_scope(engine) as session:
        goals.set_goal_status(
            session=session, now=NOW, actor_id=owner, goal_id=goal_id, status="done"
        )


def test_status_changes_and_repeats_change_nothing_more(engine: Engine) -> None:
    owner = _person(engine)
    goal = _add(engine, owner)
    for status, when in (("done", 1), ("done", 2), ("active", 3), ("dropped", 4)):
        with session_scope(engine) as session:
            goals.set_goal_status(
                session=session,
                now=NOW + timedelta(days=when),
                actor_id=owner,
                goal_id=goal.id or 0,
                status=status,
            )
        if (status, when) == ("done", 2):
            assert _goals(engine)[0].updated_at.replace(tzinfo=UTC) == NOW + timedelta(days=1)
    assert _goals(engine)[0].status == "dropped"
    with pytest.raises(ValueError), session_scope(engine) as session:
        goals.set_goal_status(
            session=session, now=NOW, actor_id=owner, goal_id=goal.id or 0, status="paused"
        )


def test_goals_by_horizon_groups_one_persons_goals_active_first(engine: Engine) -> None:
    owner, other = _person(engine), _person(engine, "U0OTHER")
    late = _add(engine, owner, title="late", horizon="short", target_on=date(2026, 1, 1))
    soon = _add(engine, owner, title="soon", horizon="short", target_on=date(2025, 10, 1))
    finished = _add(engine, owner, title="finished", horizon="short")
    _add(engine, owner, title="far", horizon="long")
    _add(engine, other, title="not mine", horizon="medium")
    with session_scope(engine) as session:
        goals.set_goal_status(
            session=session, now=NOW, actor_id=owner, goal_id=finished.id or 0, status="done"
        )
        person = session.get(Person, owner)
        assert person is not None
        grouped = goals.goals_by_horizon(session=session, person=person)
        counts = goals.status_counts(session=session, person=person)
    assert {h: [g.title for g in gs] for h, gs in grouped.items()} == {
        "short": ["soon", "late", "finished"],
        "medium": [],
        "long": ["far"],
    }
    assert [late.title, soon.title] == ["late", "soon"]
    assert counts == {"active": 3, "done": 1, "dropped": 0}
