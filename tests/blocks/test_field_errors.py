"""Form field problems in words (bot/blocks/field_errors.py): each code maps to the words the
service or bot/forms held before the move (7a8e1ed), byte for byte, numbers filled in."""

from __future__ import annotations

import pytest

from bot.blocks import field_errors
from bot.shapes.conversations import LogProblem
from bot.shapes.fields import FormProblem, Problem
from bot.shapes.growth import GoalProblem, SkillProblem

# Copied from bot/forms/errors.py, bot/services/growth/{goals,skills}.py and
# bot/services/conversations/log_form.py before the move, not from field_errors.py.
WORDS: list[tuple[Problem, str]] = [
    (Problem(FormProblem.FILL_IN), "Please fill this in."),
    (
        Problem.of(FormProblem.TOO_LONG, max=2000, length=2345),
        "Please keep this under 2000 characters (2345 now).",
    ),
    (Problem(GoalProblem.NOT_A_HORIZON), "Pick short, medium or long."),
    (Problem(GoalProblem.PAST), "That date is in the past. Pick today or a later date."),
    (Problem.of(GoalProblem.TOO_FAR, years=10), "Pick a date within 10 years."),
    (Problem(GoalProblem.NOT_YOUR_SKILL), "Pick one of your own skills, or leave this empty."),
    (Problem(SkillProblem.NOT_A_RATING), "Use a whole number from 1 to 10."),
    (
        Problem.of(SkillProblem.FEW_OPTIONS, min=3, count=2),
        "Add at least 3 ways to gain a point, one per line (2 so far).",
    ),
    (
        Problem.of(SkillProblem.OPTION_TOO_LONG, max=300),
        "Please keep each option under 300 characters.",
    ),
    (
        Problem(SkillProblem.NAME_TAKEN),
        "You already have a skill with this name: rate that one instead.",
    ),
    (Problem.of(SkillProblem.BELOW_RATING, floor=4), "Aim for at least 4 (today's rating)."),
    (
        Problem.of(SkillProblem.BELOW_TARGET, floor=7, months=12),
        "Aim for at least 7 (your 12-month target).",
    ),
    (
        Problem(LogProblem.SELF),
        "You can't log a conversation with yourself. Pick the person you talked with.",
    ),
    (Problem(LogProblem.NOT_A_KIND), "Pick what kind of conversation it was."),
    (Problem(LogProblem.NOT_A_FOLLOW_UP), "Pick how you'll follow up."),
    (
        Problem(LogProblem.FUTURE),
        "That day hasn't happened yet. Log the conversation once it took place.",
    ),
    (Problem(LogProblem.TOO_OLD), "That's more than five years ago. Pick the day you talked."),
    (Problem(LogProblem.NEXT_NOT_AFTER), "Pick a day after the conversation itself."),
    (Problem(LogProblem.TOO_FAR), "Pick a day within the next two years."),
    (
        Problem.of(LogProblem.STEP_TOO_LONG, max=300),
        "Please keep a step under 300 characters.",
    ),
    (
        Problem(LogProblem.DATE_WITHOUT_STEP),
        "Add the next step this date belongs to, or clear the date.",
    ),
    (
        Problem(LogProblem.DUE_BEFORE),
        "A next step can't be due before the conversation it came from.",
    ),
    (
        Problem(LogProblem.NO_STEPS),
        "You asked for a follow-up: add at least one next step to follow up on, "
        "or choose no follow-up.",
    ),
]


@pytest.mark.parametrize(
    ("problem", "words"),
    WORDS,
    ids=[f"{p.code.__class__.__name__}.{p.code.name}" for p, _ in WORDS],
)
def test_each_code_maps_to_its_words(problem: Problem, words: str) -> None:
    assert field_errors.problem_words(problem) == words
    assert field_errors.field_errors({"field": problem}) == {"field": words}


def test_every_code_has_words_and_is_tested() -> None:
    codes = {*FormProblem, *GoalProblem, *SkillProblem, *LogProblem}
    assert {p.code for p, _ in WORDS} == codes == set(field_errors.WORDS)


def test_each_field_keeps_its_own_words() -> None:
    found = {"title": Problem(FormProblem.FILL_IN), "target_on": Problem(GoalProblem.PAST)}
    assert field_errors.field_errors(found) == {
        "title": "Please fill this in.",
        "target_on": "That date is in the past. Pick today or a later date.",
    }
