"""Problems by field name, found while reading a form; `bot.blocks.field_errors` words them."""

from __future__ import annotations

from typing import Any

from bot.forms.kinds import MAX_TEXT
from bot.shapes.fields import FormProblem, Problem


class FieldErrors(dict[str, Problem]):
    """Problems by field name; the first one found for a field stays."""

    def require(self, fields: dict[str, Any], *names: str) -> None:
        for name in names:
            if fields.get(name) in (None, "", []):
                self.setdefault(name, Problem(FormProblem.FILL_IN))

    def max_length(self, fields: dict[str, Any], name: str, limit: int = MAX_TEXT) -> None:
        text = fields.get(name)
        if isinstance(text, str) and len(text) > limit:
            self.setdefault(name, Problem.of(FormProblem.TOO_LONG, max=limit, length=len(text)))
