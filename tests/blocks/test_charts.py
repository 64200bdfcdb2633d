"""Charts as image blocks: valid Block Kit by file id, and alt text that says what the
picture shows (the skills' sparklines, the weekly percentages) within Slack's limit."""

from __future__ import annotations

from datetime import date, timedelta

from slack_sdk.models.blocks import Block

from bot.blocks.charts import (
    ALT_TEXT_MAX,
    TOO_FEW,
    chart_image,
    coverage_alt_text,
    skills_alt_text,
)
from bot.charts.coverage import CoverageWeek
from bot.models import Skill, SkillRating
from bot.shapes.growth import SkillTrend
from tests.support.fakeslack.blockkit import check_message_blocks

DAY = date(2026, 1, 5)


def _trend(n: int, ratings: list[int], name: str = "SQL", **targets: int) -> SkillTrend:
    skill = Skill(id=n, person_id=1, name=name, **targets)
    rows = [
        SkillRating(skill_id=n, rated_by_id=1, rating=r, rated_on=DAY + timedelta(days=30 * i))
        for i, r in enumerate(ratings)
    ]
    return SkillTrend(skill, rows)


def test_the_image_block_shows_the_file_by_id_and_is_valid() -> None:
    block = chart_image("F0CHART001", alt_text="a" * 5000, title="Your skills over time")
    assert check_message_blocks([block]) == []
    assert Block.parse(block).to_dict() == block  # type: ignore[union-attr]
    assert block["slack_file"] == {"id": "F0CHART001"}
    assert len(block["alt_text"]) == ALT_TEXT_MAX and block["alt_text"].endswith("…")


def test_skills_alt_text_is_each_rated_skills_sparkline_and_targets_in_plain_text() -> None:
    alt = skills_alt_text(
        [
            _trend(1, [3, 5, 7], name="<!here> SQL", target_6m=8),
            _trend(2, []),
            _trend(3, [4], name="Go"),
        ]
    )
    assert "<!here> SQL: ▃▄▆ 3 → 7, targets 8 in 6 months" in alt  # plain text never pings
    assert "Go: ▃ 4" in alt and "not rated" not in alt


def test_coverage_alt_text_is_the_weeks_as_a_sparkline_with_gaps() -> None:
    weeks = [CoverageWeek(DAY + timedelta(weeks=i), p) for i, p in enumerate([None, 0, 50, 100])]
    assert coverage_alt_text(weeks).endswith(" ▁▅█ 0% → 100%.")
    assert coverage_alt_text(weeks[:1]).endswith(TOO_FEW + ".")
