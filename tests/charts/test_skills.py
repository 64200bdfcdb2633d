"""The skill trend picture: a decodable PNG of the promised size, from the ratings alone."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from PIL import Image

from bot.charts.drawing import WIDTH_PX, version
from bot.charts.skills import (
    MAX_SKILLS,
    SkillSeries,
    height_px,
    skill_data,
    skill_series,
    skill_trend_png,
)
from bot.shapes.growth import SkillTrend


@dataclass
class _Skill:
    name: str
    target_6m: int | None = None
    target_12m: int | None = None
    target_18m: int | None = None
    id: int | None = 1
    ten_looks_like: str = ""
    options: tuple[str, ...] = ()
    approach: str = ""


@dataclass
class _Rating:
    rating: int
    rated_on: date


def _trend(name: str, *ratings: int, targets: tuple[int | None, ...] = (None,) * 3) -> SkillTrend:
    skill = _Skill(name, *targets)
    days = [_Rating(r, date(2026, 1 + i, 1)) for i, r in enumerate(ratings)]
    return SkillTrend(skill, days)  # type: ignore[arg-type]


def test_the_png_decodes_at_its_size_a_panel_per_skill() -> None:
    series = skill_series([_trend("SQL $x$ <@U1>", 3, 5, targets=(6, 8, 9)), _trend("Go", 7)])
    picture = Image.open(io.BytesIO(skill_trend_png(series)))
    assert (picture.format, picture.size) == ("PNG", (WIDTH_PX, height_px(2)))


def test_series_keep_rated_skills_in_order_with_their_targets_at_most_max() -> None:
    trends = [_trend(f"s{i}", i + 1, targets=(9, None, 10)) for i in range(MAX_SKILLS + 2)]
    series = skill_series([_trend("never rated"), *trends])
    assert [s.name for s in series] == [f"s{i}" for i in range(MAX_SKILLS)]
    assert series[0].targets == (9, None, 10)
    assert [d.isoformat() for d, _ in series[0].target_points()] == ["2026-07-03", "2027-07-03"]


def test_the_version_changes_with_a_rating_or_a_target_and_only_then() -> None:
    def v(*ratings: int, targets: tuple[int | None, ...] = (None,) * 3) -> str:
        return version(skill_data(skill_series([_trend("SQL", *ratings, targets=targets)])))

    assert v(3, 5) == v(3, 5)
    assert len({v(3, 5), v(3, 6), v(3, 5, targets=(7, None, None))}) == 3


def test_no_series_still_draws_one_empty_panel() -> None:
    picture = Image.open(io.BytesIO(skill_trend_png([])))
    assert picture.size == (WIDTH_PX, height_px(0))
    assert SkillSeries("x", ((date(2026, 1, 1), 1),), (None, None, None)).target_points() == []
