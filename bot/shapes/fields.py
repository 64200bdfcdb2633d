"""What is wrong with a form field, as a code and the numbers its words need.

Services and `bot.forms.FieldErrors` find these; `bot.blocks.field_errors` words them. The
codes of one form are an Enum in that service package's shapes module (`GoalProblem`, …);
the two any form can have are `FormProblem`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class FormProblem(Enum):
    """What is wrong with any form's field."""

    FILL_IN = "fill_in"  # a required field is empty
    TOO_LONG = "too_long"  # numbers: max (the limit), length (the text's own)


@dataclass(frozen=True)
class Problem:
    """One field's problem: its code, and the numbers its words need by name."""

    code: Enum
    numbers: tuple[tuple[str, int], ...] = ()

    @classmethod
    def of(cls, code: Enum, **numbers: int) -> Problem:
        return cls(code, tuple(sorted(numbers.items())))
