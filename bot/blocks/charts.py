"""Charts as image blocks: the uploaded picture by its Slack file id, with the text line it
replaces as its alt text (what a screen reader says, and what shows when images are off)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.blocks.skills import SPARKS, skill_line
from bot.blocks.text import Block
from bot.charts.coverage import CoverageWeek
from bot.shapes.growth import SkillTrend

ALT_TEXT_MAX = 2000  # Slack's limit for an image's alt_text
SKILLS_TITLE = "Your skills over time"
SKILLS_ALT = "Your skill ratings over time, with your targets. "
COVERAGE_TITLE = "Coverage, last 12 weeks"
COVERAGE_ALT = "Share of the team covered at the end of each of the last {count} weeks: "
TOO_FEW = "too few to report"


def chart_image(file_id: str, *, alt_text: str, title: str) -> Block:
    """An image block showing the bot's uploaded file `file_id`."""
    return {
        "type": "image",
        "slack_file": {"id": file_id},
        "alt_text": _clip(alt_text),
        "title": {"type": "plain_text", "text": title},
    }


def skills_alt_text(trends: Sequence[SkillTrend]) -> str:
    """Each rated skill's text sparkline and targets, as the skills list shows them."""
    lines = [skill_line(t, markup=False) for t in trends if t.ratings]
    return _clip(SKILLS_ALT + "; ".join(lines) + ".")


def coverage_alt_text(weeks: Sequence[CoverageWeek]) -> str:
    """The weekly percentages as a text sparkline, oldest first, and where they went."""
    known = [w.percent for w in weeks if w.percent is not None]
    if not known:
        return COVERAGE_ALT.format(count=len(weeks)) + TOO_FEW + "."
    spark = "".join(
        " " if w.percent is None else SPARKS[round(w.percent * (len(SPARKS) - 1) / 100)]
        for w in weeks
    )
    return COVERAGE_ALT.format(count=len(weeks)) + f"{spark} {known[0]}% → {known[-1]}%."


def _clip(text: str) -> str:
    return text if len(text) <= ALT_TEXT_MAX else text[: ALT_TEXT_MAX - 1] + "…"
