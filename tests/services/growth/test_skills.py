"""Skills without Slack: one skill per name, one rating per day, validation, the trend."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.blocks.field_errors import field_errors
from bot.db import session_scope
from bot.models import Person, Skill, SkillRating
from bot.services.growth import skills
from bot.services.growth.skills import SkillForm
from tests.support.factories import person_id

NOW = datetime(2025, 3, 10, 10, tzinfo=UTC)
TODAY = NOW.date()


def _person(engine: Engine, user: str = "U0OWNER") -> int:
    return person_id(engine, user, slack_team="T1", now=NOW)


def _form(**fields: object) -> SkillForm:
    values: dict[str, object] = {
        "name": "Facilitation",
        "rating": "4",
        "ten_looks_like": "Runs any room calmly",
        "options": "- Shadow Ana\n\n2. Run the retro\n• Take a course",
        "approach": "Run the retro: cheap, and I get feedback",
        **fields,
    }
    return SkillForm(**values)  # type: ignore[arg-type]


def _save(
    engine: Engine, owner: int, *, day: date = TODAY, skill_id: int | None = None, **fields: object
) -> Skill:
    with session_scope(engine) as session:
        return skills.save_skill(
            session=session, today=day, actor_id=owner, form=_form(**fields), skill_id=skill_id
        )


def _rows(engine: Engine) -> tuple[list[Skill], list[tuple[int, date]]]:
    with Session(engine) as session:
        found = list(session.exec(select(Skill).order_by(Skill.id)))  # type: ignore[arg-type]
        ratings = session.exec(
            select(SkillRating).order_by(SkillRating.rated_on)  # type: ignore[arg-type]
        )
        return found, [(r.rating, r.rated_on) for r in ratings]


def _trends(engine: Engine, owner: int, **kwargs: int) -> list[skills.SkillTrend]:
    with session_scope(engine) as session:
        person = session.get(Person, owner)
        assert person is not None
        return skills.latest_ratings(session=session, person=person, **kwargs)


def test_a_new_skill_is_saved_with_todays_rating_and_clean_options(engine: Engine) -> None:
    owner = _person(engine)
    _save(engine, owner, target_6m="5", target_18m="8")
    (skill,), ratings = _rows(engine)
    assert skill.options == ["Shadow Ana", "Run the retro", "Take a course"]
    assert (skill.target_6m, skill.target_12m, skill.target_18m) == (5, None, 8)
    assert ratings == [(4, TODAY)]


def test_rating_again_the_same_day_replaces_it_and_another_day_adds_one(engine: Engine) -> None:
    owner = _person(engine)
    _save(engine, owner, rating="4")
    _save(engine, owner, rating="5")
    assert _rows(engine)[1] == [(5, TODAY)]
    _save(engine, owner, rating="6", day=TODAY + timedelta(days=30))
    assert _rows(engine)[1] == [(5, TODAY), (6, TODAY + timedelta(days=30))]


def test_the_same_name_in_any_case_updates_the_skill_instead_of_duplicating(
    engine: Engine,
) -> None:
    owner = _person(engine)
    first = _save(engine, owner, name="Écriture")
    again = _save(
        engine, owner, name="  éCRITURE ", approach="Write weekly", day=TODAY + timedelta(days=1)
    )
    (skill,), ratings = _rows(engine)
    assert first.id == again.id == skill.id
    assert (skill.name, skill.approach) == ("Écriture", "Write weekly")
    assert len(ratings) == 2


def test_renaming_onto_another_skill_is_refused(engine: Engine) -> None:
    owner = _person(engine)
    _save(engine, owner, name="SQL")
    other = _save(engine, owner, name="Python")
    with pytest.raises(skills.Invalid) as refused, session_scope(engine) as session:
        skills.save_skill(
            session=session, today=TODAY, actor_id=owner, form=_form(name="sql"), skill_id=other.id
        )
    assert list(refused.value.problems) == ["name"]
    renamed = _save(engine, owner, name="Python 3", skill_id=other.id)
    assert renamed.id == other.id and renamed.name == "Python 3"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": None}, "name", "Please fill this in"),
        ({"name": "n" * 81}, "name", "under 80 characters"),
        ({"rating": None}, "rating", "Please fill this in"),
        ({"rating": "0"}, "rating", "whole number from 1 to 10"),
        ({"rating": "11"}, "rating", "whole number from 1 to 10"),
        ({"rating": "6.5"}, "rating", "whole number from 1 to 10"),
        ({"rating": "-3"}, "rating", "whole number from 1 to 10"),
        ({"rating": "seven"}, "rating", "whole number from 1 to 10"),
        ({"rating": "\u0667"}, "rating", "whole number from 1 to 10"),
        ({"ten_looks_like": None}, "ten_looks_like", "Please fill this in"),
        ({"ten_looks_like": "t" * 2001}, "ten_looks_like", "under 2000 characters"),
        ({"options": None}, "options", "Please fill this in"),
        ({"options": "one\n\n  \ntwo"}, "options", "at least 3 ways to gain a point"),
        ({"options": "a\nb\n" + "c" * 301}, "options", "under 300 characters"),
        ({"approach": None}, "approach", "Please fill this in"),
        ({"target_6m": "12"}, "target_6m", "whole number from 1 to 10"),
        ({"target_12m": "3"}, "target_12m", "at least 4 (today's rating)"),
        ({"target_6m": "7", "target_18m": "6"}, "target_18m", "at least 7 (your 6-month target)"),
    ],
)
def test_bad_skills_are_refused_on_their_field_and_nothing_is_saved(
    engine: Engine, fields: dict[str, object], field: str, message: str
) -> None:
    owner = _person(engine)
    with pytest.raises(skills.Invalid) as refused, session_scope(engine) as session:
        skills.save_skill(session=session, today=TODAY, actor_id=owner, form=_form(**fields))
    assert list(refused.value.problems) == [field]
    assert message in field_errors(refused.value.problems)[field]
    assert _rows(engine) == ([], [])


def test_targets_equal_to_the_rating_and_rising_are_fine(engine: Engine) -> None:
    owner = _person(engine)
    _save(engine, owner, rating="4", target_6m="4", target_12m="6", target_18m="6")
    assert _rows(engine)[0][0].target_18m == 6


def test_nobody_but_the_owner_rates_or_edits_a_skill(engine: Engine) -> None:
    owner, stranger = _person(engine), _person(engine, "U0STRANGER")
    skill = _save(engine, owner)
    before = _rows(engine)
    with pytest.raises(skills.NotAllowed), session_scope(engine) as session:
        skills.save_skill(
            session=session,
            today=TODAY + timedelta(days=1),
            actor_id=stranger,
            form=_form(name="Facilitation", rating="1"),
            skill_id=skill.id,
        )
    with pytest.raises(skills.NotAllowed), session_scope(engine) as session:
        skills.owned_skill(session=session, actor_id=stranger, skill_id=skill.id or 0)
    assert _rows(engine) == before


def test_a_stranger_typing_the_same_name_gets_their_own_skill(engine: Engine) -> None:
    owner, stranger = _person(engine), _person(engine, "U0STRANGER")
    _save(engine, owner)
    _save(engine, stranger)
    found, ratings = _rows(engine)
    assert sorted(s.person_id for s in found) == sorted([owner, stranger])
    assert len(ratings) == 2


def test_latest_ratings_shows_own_ratings_most_recently_rated_first(engine: Engine) -> None:
    owner, manager = _person(engine), _person(engine, "U0MANAGER")
    sql = _save(engine, owner, name="SQL", rating="2")
    for week in range(1, 30):  # 30 ratings in all
        _save(
            engine,
            owner,
            name="SQL",
            rating=str(min(10, 2 + week // 4)),
            day=TODAY + timedelta(weeks=week),
        )
    _save(engine, owner, name="Python", rating="6", day=TODAY + timedelta(days=1))
    _save(engine, owner, name="Unrated later", rating="1")
    with session_scope(engine) as session:  # a partner's rating is not a self-rating
        skills.rate_skill(
            session=session, today=TODAY, rater_id=manager, skill_id=sql.id or 0, rating=9
        )
    trends = _trends(engine, owner)
    assert [t.skill.name for t in trends] == ["SQL", "Python", "Unrated later"]
    assert len(trends[0].ratings) == skills.HISTORY
    assert trends[0].latest is not None and trends[0].latest.rating == 9
    assert all(r.rated_by_id == owner for t in trends for r in t.ratings)
    assert len(_trends(engine, owner, history=40)[0].ratings) == 30
    assert _trends(engine, manager) == []


def test_rate_skill_refuses_a_rating_outside_the_scale(engine: Engine) -> None:
    owner = _person(engine)
    skill = _save(engine, owner)
    with pytest.raises(ValueError), session_scope(engine) as session:
        skills.rate_skill(
            session=session, today=TODAY, rater_id=owner, skill_id=skill.id or 0, rating=11
        )
