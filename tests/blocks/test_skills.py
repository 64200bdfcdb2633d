"""The skill builders: the trend line, budgets, and valid forms."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from bot.blocks.ids import Skills as Ids
from bot.blocks.skills import skill_form, skill_summary_blocks, skills_modal, trend_text
from bot.models import Skill, SkillRating
from bot.shapes.growth import SkillTrend
from tests.support.fakeslack.blockkit import check_message_blocks, check_view
from tests.support.slack_dates import raw_tokens, shown

DAY = date(2025, 1, 6)


def trend(n: int, ratings: list[int], *, name: str | None = None, **fields: object) -> SkillTrend:
    skill = Skill(id=n, person_id=1, name=name or f"Skill {n}", options=["a", "b", "c"], **fields)
    rows = [
        SkillRating(
            id=i, skill_id=n, rated_by_id=1, rating=r, rated_on=DAY + timedelta(days=30 * i)
        )
        for i, r in enumerate(ratings)
    ]
    return SkillTrend(skill, rows)


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [
        ([], "not rated yet"),
        ([5], "▄ 5"),
        ([1, 10], "▁█ 1 → 10"),
        ([3, 5, 7, 9], "▃▄▆▇ 3 → 9"),
        ([2, 4, 6, 8], "▂▃▅▆ 2 → 8"),
        ([7, 4], "▆▃ 7 → 4"),
        ([0, 11], "▁█ 1 → 10"),  # clamped: the table never holds these, the text never lies
    ],
)
def test_trend_text(ratings: list[int], expected: str) -> None:
    assert trend_text(ratings) == expected


def test_trend_text_keeps_the_last_twelve_ratings() -> None:
    text = trend_text(list(range(1, 11)) + [10] * 20)
    spark, numbers = text.split(" ", 1)
    assert len(spark) == 12 and numbers == "10 → 10"


def test_a_skill_line_escapes_its_name_and_shows_trend_targets_and_rate() -> None:
    blocks = skill_summary_blocks(
        [trend(4, [3, 5, 7], name="<!here> Python", target_6m=8, target_18m=9)], limit=5
    )
    assert check_message_blocks(blocks) == []
    text = blocks[0]["text"]["text"]
    assert "&lt;!here&gt; Python" in text and "<!here>" not in text
    assert "`▃▄▆ 3 → 7`" in text
    assert "Targets: 8 in 6 months · 9 in 18 months" in text
    assert f"rated {shown(date(2025, 3, 7))}" in text
    assert blocks[0]["accessory"]["action_id"] == Ids.EDIT
    assert blocks[0]["accessory"]["value"] == "4"


def test_an_unrated_skill_says_so() -> None:
    (block,) = skill_summary_blocks([trend(1, [])], limit=1)
    assert "not rated yet" in block["text"]["text"]


@pytest.mark.parametrize("limit", [0, 1, 2, 29, 30, 31, 50])
def test_the_summary_never_exceeds_its_budget(limit: int) -> None:
    trends = [trend(n, [n % 10 + 1] * 12, name="x" * 80) for n in range(1, 31)]
    blocks = skill_summary_blocks(trends, limit=limit)
    assert len(blocks) <= limit
    assert check_message_blocks(blocks) == []
    if 0 < limit < 30:
        assert blocks[-1]["elements"][0]["text"].startswith(f"+{30 - (limit - 1)} more skills")
    if limit >= 30:
        assert len(blocks) == 30


def test_the_skills_modal_stays_valid_with_many_skills_and_ratings() -> None:
    trends = [trend(n, [n % 10 + 1] * 30, name="<@U1> " + "z" * 74) for n in range(1, 121)]
    view = skills_modal(trends, notice="Saved.")
    assert check_view(view) == []
    assert len(view["blocks"]) <= 100
    assert "more skills not shown" in json.dumps(view)
    assert "<@U1>" not in json.dumps(view)


def test_an_empty_skills_modal_invites_a_first_skill() -> None:
    view = skills_modal([])
    assert check_view(view) == []
    assert view["blocks"][-1]["elements"][0]["action_id"] == Ids.ADD


def test_the_new_skill_form_is_valid_with_whole_number_ratings() -> None:
    view = skill_form(None)
    assert check_view(view) == []
    assert view["callback_id"] == Ids.FORM and view["private_metadata"] == ""
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert list(inputs) == [
        "name",
        "rating",
        "ten_looks_like",
        "options",
        "approach",
        "target_6m",
        "target_12m",
        "target_18m",
    ]
    required = [n for n, b in inputs.items() if not b["optional"]]
    assert required == ["name", "rating", "ten_looks_like", "options", "approach"]
    for name in ("rating", "target_6m", "target_12m", "target_18m"):
        element = inputs[name]["element"]
        assert element["type"] == "number_input"
        assert element["is_decimal_allowed"] is False
        assert (element["min_value"], element["max_value"]) == ("1", "10")


def test_the_rate_form_is_prefilled_but_asks_for_todays_rating() -> None:
    existing = trend(
        3,
        [4, 6],
        name="Facilitation",
        ten_looks_like="Runs any room",
        approach="Practice",
        target_6m=7,
        target_12m=8,
    )
    existing.skill.options = ["Shadow Ana", "Run retros", "Take a course"]
    view = skill_form(existing.skill, latest=existing.latest)
    assert check_view(view) == []
    assert view["private_metadata"] == "3"
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert inputs["name"]["element"]["initial_value"] == "Facilitation"
    assert inputs["options"]["element"]["initial_value"] == "Shadow Ana\nRun retros\nTake a course"
    assert inputs["target_6m"]["element"]["initial_value"] == "7"
    assert "initial_value" not in inputs["target_18m"]["element"]
    assert "initial_value" not in inputs["rating"]["element"]
    assert "Last time: 6 on 5 Feb 2025" in inputs["rating"]["hint"]["text"]  # plain_text
    assert raw_tokens(view) == []


def test_the_modal_shows_a_chart_under_its_intro_and_stays_valid() -> None:
    chart = {"type": "image", "slack_file": {"id": "F0CHART001"}, "alt_text": "trend"}
    view = skills_modal([trend(1, [3, 5])], notice="Saved", chart=chart)
    assert check_view(view) == []
    assert [b["type"] for b in view["blocks"][:4]] == ["section", "context", "image", "section"]
    full = skills_modal([trend(n, [5]) for n in range(200)], chart=chart)
    assert check_view(full) == []
