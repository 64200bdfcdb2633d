"""The goals modal, the REAL goal form, and a compact goal summary that fits any budget."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from bot.blocks.ids import Goals as Ids
from bot.blocks.inputs import date_input, modal, select, text_input
from bot.blocks.text import Block, button, context, day, escape, plain_day, section
from bot.forms import MAX_TEXT, MAX_TITLE
from bot.shapes.growth import HORIZON_MONTHS, GoalView, SkillView, add_months, sort_goals

LIST_BLOCKS = 80  # of a modal's 100, leaving room for the notice, intro and buttons
MAX_SKILL_OPTIONS = 100  # static_select's limit
OPTION_TEXT_MAX = 75

HORIZON_OPTIONS = [
    ("short", "Short term: within 6 months"),
    ("medium", "Medium term: about 12 months"),
    ("long", "Long term: 18 months or more"),
]
HORIZON_LABEL = {"short": "short term", "medium": "medium term", "long": "long term"}
STATUS_LABEL = {
    "active": ":dart: active",
    "done": ":white_check_mark: done",
    "dropped": ":heavy_minus_sign: dropped",
}
INTRO = (
    "Goals are benchmarks you come back to in every conversation. A REAL goal is *R*elevant "
    "to you now, starts with an *E*xperiment, is *A*spirational, and is about *L*earning."
)
FORM_INTRO = (
    "A few honest lines beat a polished paragraph. Only the title, a first step and a horizon "
    "are needed; you can come back and edit any time."
)
NO_ACTIVE = "No active goals right now. Add one: a short-term experiment is a fine start."
NO_SKILLS = "To link a goal to a skill, rate the skill first with `/career-prep skills`."
SAVED = ":white_check_mark: Saved *{title}*."
MORE = "+{count} more {noun} not shown; the soonest come first."


def goal_summary_blocks(
    goals: Sequence[GoalView], *, limit: int, today: date | None = None
) -> list[Block]:
    """Goals, active first by horizon and date, in at most `limit` blocks.

    An active goal takes two blocks (its line with Edit, then Done and Drop); others one.
    What does not fit is counted in a last context line.
    """
    ordered = sort_goals(goals)
    if limit < 1 or not ordered:
        return []
    fits = sum(_cost(g) for g in ordered) <= limit
    budget = limit if fits else limit - 1
    blocks: list[Block] = []
    shown = 0
    for goal in ordered:
        if len(blocks) + _cost(goal) > budget:
            break
        blocks += _goal_blocks(goal, today)
        shown += 1
    hidden = len(ordered) - shown
    if hidden:
        noun = "goal" if hidden == 1 else "goals"
        blocks.append(context(MORE.format(count=hidden, noun=noun)))
    return blocks


def _cost(goal: GoalView) -> int:
    return 2 if goal.status == "active" else 1


def _goal_blocks(goal: GoalView, today: date | None) -> list[Block]:
    due = f"by {day(goal.target_on)}"
    if today is not None and goal.status == "active" and goal.target_on < today:
        due += " :warning: past its date"
    line = f"*{escape(goal.title[:MAX_TITLE])}*\n{HORIZON_LABEL[goal.horizon]} · {due}"
    value = str(goal.id)
    if goal.status != "active":
        return [section(f"{line} · {STATUS_LABEL[goal.status]}")]
    block = section(line)
    block["accessory"] = button("Edit", Ids.EDIT, value=value)
    actions: Block = {
        "type": "actions",
        "elements": [
            button("Done", Ids.DONE, value=value, style="primary"),
            button("Drop", Ids.DROP, value=value),
        ],
    }
    return [block, actions]


def goals_modal(
    active: Sequence[GoalView],
    *,
    done: int = 0,
    dropped: int = 0,
    today: date,
    notice: str | None = None,
) -> dict[str, Any]:
    """The list of active goals with Edit / Done / Drop, and a button to add one."""
    blocks: list[Block] = []
    if notice:
        blocks.append(section(notice))
    blocks.append(context(INTRO))
    listed = goal_summary_blocks(
        [g for g in active if g.status == "active"], limit=LIST_BLOCKS, today=today
    )
    blocks += listed or [section(NO_ACTIVE)]
    finished = [f"{n} {label}" for n, label in ((done, "done"), (dropped, "dropped")) if n]
    if finished:
        blocks.append(context("Also " + " and ".join(finished) + "."))
    blocks.append({"type": "actions", "elements": [button("Add a goal", Ids.ADD, style="primary")]})
    return modal(
        title="Your goals", callback_id=Ids.MODAL, blocks=blocks, submit=None, close="Done"
    )


def goal_form(goal: GoalView | None, *, skills: Sequence[SkillView], today: date) -> dict[str, Any]:
    """The REAL goal form, empty or filled with `goal` for editing."""
    defaults = ", ".join(plain_day(add_months(today, m)) for m in HORIZON_MONTHS.values())
    blocks: list[Block] = [
        context(FORM_INTRO),
        text_input(
            "title",
            "Your goal, in a line",
            initial=goal.title if goal else None,
            max_length=MAX_TITLE,
            placeholder="Run the next incident review end to end",
        ),
        _long("relevant", "Why is it relevant to you now?", goal, optional=True),
        _long(
            "experiment",
            "The experiment or first step",
            goal,
            hint="Something small you could try in the next few weeks.",
        ),
        _long("aspiration", "The aspiration: where could it lead?", goal, optional=True),
        _long("learning", "What will you learn on the way?", goal, optional=True),
        select(
            "horizon",
            "Horizon",
            HORIZON_OPTIONS,
            initial=goal.horizon if goal else None,
            radio=True,
        ),
        date_input(
            "target_on",
            "Target date",
            initial=goal.target_on if goal else None,
            optional=True,
            hint=f"Leave empty for 6, 12 or 18 months from today by horizon ({defaults}).",
        ),
    ]
    if skills:
        options = [(str(s.id), s.name[:OPTION_TEXT_MAX]) for s in skills[:MAX_SKILL_OPTIONS]]
        initial = str(goal.skill_id) if goal and goal.skill_id else None
        blocks.append(select("skill", "Linked skill", options, initial=initial, optional=True))
    else:
        blocks.append(context(NO_SKILLS))
    return modal(
        title="Edit goal" if goal else "New goal",
        callback_id=Ids.FORM,
        blocks=blocks,
        private_metadata=str(goal.id) if goal else "",
    )


def notice_modal(text: str) -> dict[str, Any]:
    return modal(
        title="Your goals", callback_id=Ids.MODAL, blocks=[section(text)], submit=None, close="OK"
    )


def saved_notice(goal: GoalView) -> str:
    return SAVED.format(title=escape(goal.title[:MAX_TITLE]))


def _long(
    name: str, label: str, goal: GoalView | None, *, optional: bool = False, hint: str | None = None
) -> Block:
    initial = getattr(goal, name) if goal else None
    return text_input(
        name,
        label,
        initial=initial,
        multiline=True,
        max_length=MAX_TEXT,
        optional=optional,
        hint=hint,
    )
