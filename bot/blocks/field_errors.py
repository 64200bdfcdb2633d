"""What is wrong with a form's field, in words: the goal, skill and log forms and any form.

Services and `bot.forms.FieldErrors` find each problem as a code (`bot.shapes.fields.Problem`);
handlers answer with these words as `response_action: errors`. `{...}` names a number the
problem carries.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum

from bot.shapes.conversations import LogProblem
from bot.shapes.fields import FormProblem, Problem
from bot.shapes.growth import GoalProblem, SkillProblem

# Any form: a required field left empty, a text over its limit.
FORM_PROBLEMS: dict[Enum, str] = {
    FormProblem.FILL_IN: "Please fill this in.",
    FormProblem.TOO_LONG: "Please keep this under {max} characters ({length} now).",
}

# `/career-prep goals`: the goal form.
GOAL_PROBLEMS: dict[Enum, str] = {
    GoalProblem.NOT_A_HORIZON: "Pick short, medium or long.",
    GoalProblem.PAST: "That date is in the past. Pick today or a later date.",
    GoalProblem.TOO_FAR: "Pick a date within {years} years.",
    GoalProblem.NOT_YOUR_SKILL: "Pick one of your own skills, or leave this empty.",
}

# `/career-prep skills`: the skill form.
SKILL_PROBLEMS: dict[Enum, str] = {
    SkillProblem.NOT_A_RATING: "Use a whole number from 1 to 10.",
    SkillProblem.FEW_OPTIONS: (
        "Add at least {min} ways to gain a point, one per line ({count} so far)."
    ),
    SkillProblem.OPTION_TOO_LONG: "Please keep each option under {max} characters.",
    SkillProblem.NAME_TAKEN: "You already have a skill with this name: rate that one instead.",
    SkillProblem.BELOW_RATING: "Aim for at least {floor} (today's rating).",
    SkillProblem.BELOW_TARGET: "Aim for at least {floor} (your {months}-month target).",
}

# `/career-prep log` and "Edit recap": the log form.
LOG_PROBLEMS: dict[Enum, str] = {
    LogProblem.SELF: (
        "You can't log a conversation with yourself. Pick the person you talked with."
    ),
    LogProblem.NOT_A_KIND: "Pick what kind of conversation it was.",
    LogProblem.NOT_A_FOLLOW_UP: "Pick how you'll follow up.",
    LogProblem.FUTURE: "That day hasn't happened yet. Log the conversation once it took place.",
    LogProblem.TOO_OLD: "That's more than five years ago. Pick the day you talked.",
    LogProblem.NEXT_NOT_AFTER: "Pick a day after the conversation itself.",
    LogProblem.TOO_FAR: "Pick a day within the next two years.",
    LogProblem.STEP_TOO_LONG: "Please keep a step under {max} characters.",
    LogProblem.DATE_WITHOUT_STEP: "Add the next step this date belongs to, or clear the date.",
    LogProblem.DUE_BEFORE: "A next step can't be due before the conversation it came from.",
    LogProblem.NO_STEPS: (
        "You asked for a follow-up: add at least one next step to follow up on, "
        "or choose no follow-up."
    ),
}

WORDS: dict[Enum, str] = {**FORM_PROBLEMS, **GOAL_PROBLEMS, **SKILL_PROBLEMS, **LOG_PROBLEMS}


def problem_words(problem: Problem) -> str:
    """One field's problem in words."""
    return WORDS[problem.code].format(**dict(problem.numbers))


def field_errors(problems: Mapping[str, Problem]) -> dict[str, str]:
    """Each field's problem in words, for `response_action: errors`."""
    return {field: problem_words(problem) for field, problem in problems.items()}
