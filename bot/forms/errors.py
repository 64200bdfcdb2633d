"""Errors by field name, answered as `response_action: errors`."""

from __future__ import annotations

from typing import Any

from bot.forms.kinds import MAX_TEXT


class FieldErrors(dict[str, str]):
    """Errors by field name, in the shape `response_action: errors` wants."""

    def require(self, fields: dict[str, Any], *names: str) -> None:
        for name in names:
            if fields.get(name) in (None, "", []):
                self.setdefault(name, "Please fill this in.")

    def max_length(self, fields: dict[str, Any], name: str, limit: int = MAX_TEXT) -> None:
        text = fields.get(name)
        if isinstance(text, str) and len(text) > limit:
            self.setdefault(name, f"Please keep this under {limit} characters ({len(text)} now).")

    def answer(self) -> dict[str, Any]:
        """The ack body that shows these errors on their fields and keeps what was typed."""
        return {"response_action": "errors", "errors": dict(self)}
