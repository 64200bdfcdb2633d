"""The listeners' replies to service codes (bot/blocks/replies.py): each code maps to the
words its service used to hold, facts filled in, and every code has words."""

from __future__ import annotations

from datetime import date

import pytest

from bot.blocks import replies
from bot.forms import MAX_TEXT
from bot.services.org import admin, settings
from bot.shapes.conversations import Clash
from bot.shapes.nudges import PlanProblem
from bot.shapes.org import SettingsProblem
from bot.shapes.prep import FieldProblem, PrepProblem
from bot.shapes.workspaces import AdminProblem

# The words each service code had as a sentence in its service (a05e6e7), facts filled in.
CLASHES: list[tuple[Clash, dict[str, int], str]] = [
    (
        Clash.TAKEN,
        {},
        "You already logged another conversation with them on that day. Edit that one instead.",
    ),
    (
        Clash.ALREADY_LOGGED,
        {},
        (
            "This conversation is already logged for that day, so I didn't "
            "save over it. Close this and use “Edit recap” on the recap I sent "
            "you to add your notes and steps, or pick another day."
        ),
    ),
    (
        Clash.LOST,
        {},
        (
            "A conversation with them on that day is from before their "
            "reporting line changed, so it isn't yours to change any more. "
            "Pick the day of a new conversation."
        ),
    ),
    (
        Clash.CHANGED,
        {},
        (
            "This recap changed after you opened it, so I didn't save over it. "
            "Copy what you wrote, then close this and open “Edit recap” again "
            "to see the changes and add yours."
        ),
    ),
    (
        Clash.THEIRS_FULL,
        {"count": 8, "room": 2},
        "They already have 8 next steps here; only they can change those. Add at most 2 more.",
    ),
]
PLAN_PROBLEMS: list[tuple[PlanProblem, str]] = [
    (PlanProblem.NO_DAY, "Pick the day you'll talk."),
    (PlanProblem.PASSED, "That day has passed: pick today or a later day."),
    (PlanProblem.TOO_FAR, "Pick a day within 90 days (by 07 Mar)."),
]


@pytest.mark.parametrize(("clash", "facts", "words"), CLASHES, ids=[c.name for c, _, _ in CLASHES])
def test_each_log_clash_maps_to_its_words(clash: Clash, facts: dict[str, int], words: str) -> None:
    assert replies.log_clash(clash, **facts) == words


@pytest.mark.parametrize(
    ("problem", "words"), PLAN_PROBLEMS, ids=[p.name for p, _ in PLAN_PROBLEMS]
)
def test_each_plan_problem_maps_to_its_words(problem: PlanProblem, words: str) -> None:
    assert replies.plan_problem(problem, latest=date(2027, 3, 7), days=90) == words


SETTINGS: list[tuple[SettingsProblem, str]] = [
    (
        SettingsProblem.OWN_MANAGER,
        "You can't be your own manager. Pick the person you report to.",
    ),
    (
        SettingsProblem.MANAGER_REPORTS_TO_YOU,
        "That person reports to you (directly or further down), so they can't be your manager.",
    ),
    (SettingsProblem.OWN_MENTOR, "You can't mentor yourself. Remove yourself from the list."),
    (SettingsProblem.TOO_MANY_MENTORS, "Pick up to 5 mentors."),
    (SettingsProblem.NO_CADENCE, "Pick how often you'd like a career conversation."),
    (
        SettingsProblem.PAUSE_NOT_AHEAD,
        "Pick a date after today, or leave it empty to keep reminders on.",
    ),
    (
        SettingsProblem.NOT_A_ZONE,
        "That isn't a time zone name. Use one like Europe/Berlin or America/New_York.",
    ),
]
ADMIN: list[tuple[str, AdminProblem, str]] = [
    (
        "cadence",
        AdminProblem.NO_CADENCE,
        "Pick how often people should have a career conversation.",
    ),
    ("quiet_start", AdminProblem.NOT_AN_HOUR, "Pick an hour from 00:00 to 23:00."),
    ("digest_weekday", AdminProblem.NO_WEEKDAY, "Pick the day the weekly digest goes out."),
    (
        "min_group_size",
        AdminProblem.GROUP_SIZE,
        "Enter a whole number from 1 to 50 (3 or more is best).",
    ),
    ("weekly_nudge_cap", AdminProblem.NUDGE_CAP, "Enter a whole number from 1 to 20."),
    (
        "retention_months",
        AdminProblem.RETENTION,
        "Enter a number of months from 1 to 240, or leave it empty to keep everything.",
    ),
    ("admins", AdminProblem.NOT_PEOPLE, "Pick people from the list."),
    ("admins", AdminProblem.TOO_MANY_ADMINS, "Pick up to 50 people."),
    (
        "away_words",
        AdminProblem.AWAY_WORDS,
        "Separate words with commas: up to 20 of them, each up to 40 characters of letters, "
        "digits, spaces, hyphens, dots or apostrophes.",
    ),
]


@pytest.mark.parametrize(("problem", "words"), SETTINGS, ids=[p.name for p, _ in SETTINGS])
def test_each_settings_problem_maps_to_its_words(problem: SettingsProblem, words: str) -> None:
    errors = replies.settings_errors({"field": problem}, max_mentors=settings.MAX_MENTORS)
    assert errors == {"field": words}


@pytest.mark.parametrize(("field", "problem", "words"), ADMIN, ids=[p.name for _, p, _ in ADMIN])
def test_each_admin_problem_maps_to_its_words(
    field: str, problem: AdminProblem, words: str
) -> None:
    assert replies.admin_errors({field: problem}, limits=admin.LIMITS) == {field: words}


PREP: list[tuple[FieldProblem, str]] = [
    (FieldProblem(PrepProblem.FILL_IN), "Please fill this in."),
    (
        FieldProblem(PrepProblem.TOO_LONG, length=2345),
        "Please keep this under 2000 characters (2345 now).",
    ),
    (FieldProblem(PrepProblem.NOT_A_DIRECTION), "Please pick one of the directions."),
    (
        FieldProblem(PrepProblem.NOT_YOURSELF),
        "Pick the person you'll talk with: your manager, a mentor or a peer, not yourself.",
    ),
]


@pytest.mark.parametrize(("found", "words"), PREP, ids=[f.problem.name for f, _ in PREP])
def test_each_prep_problem_maps_to_its_words(found: FieldProblem, words: str) -> None:
    assert replies.prep_errors({"field": found}, max_text=MAX_TEXT) == {"field": words}


def test_every_code_has_words() -> None:
    assert {c for c, _, _ in CLASHES} == set(Clash) == set(replies.LOG_CLASHES)
    assert {p for p, _ in PLAN_PROBLEMS} == set(PlanProblem) == set(replies.PLAN_PROBLEMS)
    assert {p for p, _ in SETTINGS} == set(SettingsProblem) == set(replies.SETTINGS_PROBLEMS)
    assert {p for _, p, _ in ADMIN} == set(AdminProblem) == set(replies.ADMIN_PROBLEMS)
    assert {f.problem for f, _ in PREP} == set(PrepProblem) == set(replies.PREP_PROBLEMS)
