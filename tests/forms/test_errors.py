"""FieldErrors (bot/forms/errors.py): problems by field as codes, the first found kept."""

from __future__ import annotations

from bot.forms import MAX_TEXT, FieldErrors
from bot.shapes.fields import FormProblem, Problem


def test_an_empty_required_field_is_a_fill_in_problem() -> None:
    errors = FieldErrors()
    errors.require({"a": None, "b": "", "c": [], "d": "x"}, "a", "b", "c", "d", "e")
    assert errors == dict.fromkeys("abce", Problem(FormProblem.FILL_IN))


def test_a_long_text_carries_its_limit_and_length() -> None:
    errors = FieldErrors()
    errors.max_length({"a": "x" * (MAX_TEXT + 1), "b": "x" * MAX_TEXT}, "a")
    errors.max_length({"b": "x" * MAX_TEXT}, "b")
    errors.max_length({"c": "x" * 65}, "c", 64)
    assert errors == {
        "a": Problem.of(FormProblem.TOO_LONG, max=MAX_TEXT, length=MAX_TEXT + 1),
        "c": Problem.of(FormProblem.TOO_LONG, max=64, length=65),
    }


def test_the_first_problem_of_a_field_stays() -> None:
    errors = FieldErrors()
    errors.require({"a": ""}, "a")
    errors.max_length({"a": "x" * 70}, "a", 64)
    assert errors == {"a": Problem(FormProblem.FILL_IN)}
