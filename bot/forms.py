"""Reading modal submissions and answering with errors on the fields that are wrong.

Every input block's `block_id` is the field name and its element's `action_id` is the same
name, so `values(view)` gives `{field: value}` whatever the element type.
"""

from __future__ import annotations

from datetime import date
from typing import Any

MAX_TEXT = 2000  # long answers; below Slack's 3000 so our own message always fits
MAX_TITLE = 150


def values(view: dict[str, Any]) -> dict[str, Any]:
    """The submitted value of every input, keyed by field name; None when left empty."""
    found: dict[str, Any] = {}
    for block_id, actions in (view.get("state") or {}).get("values", {}).items():
        for element in actions.values():
            found[block_id] = _value(element)
    return found


def _value(element: dict[str, Any]) -> Any:
    kind = element.get("type")
    if kind in ("plain_text_input", "number_input", "email_text_input", "url_text_input"):
        text = element.get("value")
        return text.strip() if isinstance(text, str) and text.strip() else None
    if kind in ("static_select", "radio_buttons", "external_select"):
        option = element.get("selected_option")
        return option["value"] if option else None
    if kind == "users_select":
        return element.get("selected_user")
    if kind == "multi_users_select":
        return list(element.get("selected_users") or [])
    if kind in ("checkboxes", "multi_static_select"):
        return [option["value"] for option in element.get("selected_options") or []]
    if kind == "datepicker":
        picked = element.get("selected_date")
        return date.fromisoformat(picked) if picked else None
    return element.get("value")


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
