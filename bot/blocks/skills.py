"""The skills modal, the rating form, and a compact trend line per skill."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.blocks.ids import Skills as Ids
from bot.blocks.inputs import modal, number_input, text_input
from bot.blocks.text import Block, button, context, day, escape, plain_day, section
from bot.forms import MAX_TEXT
from bot.shapes.growth import HISTORY, MAX_NAME, MIN_OPTIONS, RatingView, SkillTrend, SkillView

LIST_BLOCKS = 80  # of a modal's 100, leaving room for the notice, intro and buttons
SPARKS = "▁▂▃▄▅▆▇█"

INTRO = (
    "Rate yourself 1 to 10 each time you talk careers; every rating is kept, so the trend "
    "shows how far you've come."
)
NO_SKILLS = "No skills yet. Pick one that would take you towards your goals."
NOT_RATED = "not rated yet"
SAVED = ":white_check_mark: Saved *{name}*: {trend}."
MORE = "+{count} more {noun} not shown; the most recently rated come first."


def trend_text(ratings: Sequence[int]) -> str:
    """A text sparkline of 1-10 ratings, oldest first, with where it started and stands.

    `[3, 5, 7]` gives `▃▅▇ 3 → 7`; the scale is absolute, so skills compare at a glance.
    """
    points = [min(10, max(1, r)) for r in ratings][-HISTORY:]
    if not points:
        return NOT_RATED
    spark = "".join(SPARKS[round((r - 1) * (len(SPARKS) - 1) / 9)] for r in points)
    if len(points) == 1:
        return f"{spark} {points[0]}"
    return f"{spark} {points[0]} → {points[-1]}"


def skill_summary_blocks(skills_with_ratings: Sequence[SkillTrend], *, limit: int) -> list[Block]:
    """One line per skill (trend, targets, a Rate button) in at most `limit` blocks.

    Skills keep the caller's order (latest_ratings: most recently rated first); what does
    not fit is counted in a last context line.
    """
    if limit < 1 or not skills_with_ratings:
        return []
    total = len(skills_with_ratings)
    shown = skills_with_ratings[: limit if total <= limit else limit - 1]
    blocks = [_skill_block(trend) for trend in shown]
    hidden = total - len(shown)
    if hidden:
        noun = "skill" if hidden == 1 else "skills"
        blocks.append(context(MORE.format(count=hidden, noun=noun)))
    return blocks


def skill_line(trend: SkillTrend, *, markup: bool = True) -> str:
    """A skill's name, trend and targets: mrkdwn for the list, plain for an image's alt text."""
    skill = trend.skill
    spark = trend_text([r.rating for r in trend.ratings])
    targets = _targets(skill)
    if not markup:
        return f"{skill.name[:MAX_NAME]}: {spark}" + (f", targets {targets}" if targets else "")
    line = f"*{escape(skill.name[:MAX_NAME])}*  `{spark}`"
    if trend.latest is not None:
        line += f"  · rated {day(trend.latest.rated_on)}"
    if targets:
        line += f"\nTargets: {targets}"
    return line


def _skill_block(trend: SkillTrend) -> Block:
    block = section(skill_line(trend))
    block["accessory"] = button("Rate", Ids.EDIT, value=str(trend.skill.id))
    return block


def _targets(skill: SkillView) -> str:
    pairs = ((skill.target_6m, 6), (skill.target_12m, 12), (skill.target_18m, 18))
    return " · ".join(f"{target} in {months} months" for target, months in pairs if target)


def skills_modal(
    trends: Sequence[SkillTrend], *, notice: str | None = None, chart: Block | None = None
) -> dict[str, Any]:
    """Every skill with its trend and a Rate button, and a button to add one; the trend
    chart's image first when there is one."""
    blocks: list[Block] = []
    if notice:
        blocks.append(section(notice))
    blocks.append(context(INTRO))
    if chart is not None:
        blocks.append(chart)
    blocks += skill_summary_blocks(trends, limit=LIST_BLOCKS) or [section(NO_SKILLS)]
    blocks.append(
        {"type": "actions", "elements": [button("Add a skill", Ids.ADD, style="primary")]}
    )
    return modal(
        title="Your skills", callback_id=Ids.MODAL, blocks=blocks, submit=None, close="Done"
    )


def skill_form(skill: SkillView | None, *, latest: RatingView | None = None) -> dict[str, Any]:
    """Rate a skill and plan the next point: empty, or filled with `skill` to re-rate it."""
    last = f"Last time: {latest.rating} on {plain_day(latest.rated_on)}. " if latest else ""
    blocks: list[Block] = [
        text_input(
            "name",
            "Skill",
            initial=skill.name if skill else None,
            max_length=MAX_NAME,
            placeholder="Facilitating workshops",
            hint="Typing the name of a skill you already rated updates that one.",
        ),
        number_input(
            "rating",
            "Where are you today, from 1 to 10?",
            hint=f"{last}Be honest rather than modest: this is for you.",
        ),
        _long("ten_looks_like", "What does a 10 look like?", skill),
        text_input(
            "options",
            f"At least {MIN_OPTIONS} ways to gain one point",
            initial="\n".join(skill.options) if skill else None,
            multiline=True,
            max_length=MAX_TEXT,
            hint="One per line: a course, a stretch assignment, someone to learn from…",
        ),
        _long(
            "approach",
            "The approach you'll take",
            skill,
            hint="Which option, and what it costs you: time, money, other work.",
        ),
    ]
    for name, months in (("target_6m", 6), ("target_12m", 12), ("target_18m", 18)):
        blocks.append(
            number_input(
                name,
                f"Realistic in {months} months",
                initial=getattr(skill, name) if skill else None,
                optional=True,
            )
        )
    return modal(
        title="Rate a skill" if skill else "New skill",
        callback_id=Ids.FORM,
        blocks=blocks,
        private_metadata=str(skill.id) if skill else "",
    )


def notice_modal(text: str) -> dict[str, Any]:
    return modal(
        title="Your skills", callback_id=Ids.MODAL, blocks=[section(text)], submit=None, close="OK"
    )


def saved_notice(trend: SkillTrend) -> str:
    ratings = [r.rating for r in trend.ratings]
    return SAVED.format(name=escape(trend.skill.name[:MAX_NAME]), trend=trend_text(ratings))


def _long(name: str, label: str, skill: SkillView | None, *, hint: str | None = None) -> Block:
    return text_input(
        name,
        label,
        initial=getattr(skill, name) if skill else None,
        multiline=True,
        max_length=MAX_TEXT,
        hint=hint,
    )
