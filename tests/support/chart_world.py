"""A person with rated skills (so the App Home and the skills modal draw a chart), and what
the fake Slack holds of the charts uploaded: the PNGs and the image blocks showing them."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from PIL import Image
from sqlalchemy.engine import Engine
from sqlmodel import select

from bot.charts.skills import skill_trend_png
from bot.db import read_scope, session_scope
from bot.models import ChartFile, Skill
from bot.services.growth.skills import rate_skill
from tests.support.factories import add_person
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE
from tests.support.world import TODAY

WAIT = 30.0  # seconds: a chart is drawn and uploaded before the view goes out
SKILLS = {"Public <!here> speaking": (3, 5, 6), "SQL": (7,)}


def seed_skills(engine: Engine, user: str = EMPLOYEE) -> dict[str, int]:
    """`user`'s skills with a rating a month apart each (the last today) and targets."""
    ids = {}
    with session_scope(engine) as session:
        person = add_person(session, user)
        assert person.id is not None
        for name, ratings in SKILLS.items():
            skill = Skill(person_id=person.id, name=name, target_6m=8, target_18m=9)
            session.add(skill)
            session.flush()
            assert skill.id is not None
            ids[name] = skill.id
            for months_ago, rating in zip(range(len(ratings) - 1, -1, -1), ratings, strict=True):
                day = TODAY - timedelta(days=30 * months_ago)
                rate_skill(
                    session=session, today=day, rater_id=person.id, skill_id=skill.id, rating=rating
                )
    return ids


def rate_again(engine: Engine, skill_id: int, rating: int, *, user: str = EMPLOYEE) -> None:
    with session_scope(engine) as session:
        person = add_person(session, user)
        assert person.id is not None
        rate_skill(
            session=session,
            today=TODAY + timedelta(days=1),
            rater_id=person.id,
            skill_id=skill_id,
            rating=rating,
        )


def images(view: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for b in view["blocks"] if b["type"] == "image"]


def pngs(fake: FakeSlack) -> dict[str, Image.Image]:
    """Every completed upload that is a PNG, decoded, by file id."""
    return {
        file_id: Image.open(io.BytesIO(upload["content"]))
        for file_id, upload in fake.uploads.items()
        if upload.get("complete") and upload["name"].endswith(".png")
    }


def chart_rows(engine: Engine) -> list[tuple[str, str, str | None]]:
    with read_scope(engine) as session:
        rows = session.exec(select(ChartFile)).all()
        return [(r.kind, r.subject, r.file_id) for r in rows]


def warm_matplotlib() -> None:
    """Draw once, so the first request of a test does not also pay matplotlib's import."""
    skill_trend_png([])
