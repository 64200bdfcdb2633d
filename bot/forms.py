"""Reading modal submissions and answering with errors on the fields that are wrong.

Every input block's `block_id` is the field name and its element's `action_id` is the same
name, so `values(view)` gives `{field: value}` whatever the element type.

A submission is signed by Slack but its shape is still data: `values` reads each field as the
kind our own modal declares (`FIELD_KINDS`) and raises `Malformed` for anything Slack never
sends, so services only ever see `str`, `date`, `list[str]` or None.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

MAX_TEXT = 2000  # long answers; below Slack's 3000 so our own message always fits
MAX_TITLE = 150
MAX_OPTION_VALUE = 150  # Slack's limit on an option's value
NUL = "\x00"

Kind = Literal["text", "choice", "user", "users", "options", "date"]

# What each element type submits (Slack's `state.values` shapes).
ELEMENT_KINDS: dict[str, Kind] = {
    "plain_text_input": "text",
    "number_input": "text",
    "email_text_input": "text",
    "url_text_input": "text",
    "static_select": "choice",
    "radio_buttons": "choice",
    "external_select": "choice",
    "users_select": "user",
    "multi_users_select": "users",
    "checkboxes": "options",
    "multi_static_select": "options",
    "datepicker": "date",
}

_STEPS = tuple(f"{side}_{n}" for side in ("mine", "theirs") for n in (1, 2, 3))

# The kind of every input of every modal, by field name (a field name means one thing
# everywhere). tests/test_forms_fuzz.py checks it against the modals the app really opens.
FIELD_KINDS: dict[str, Kind] = {
    **dict.fromkeys(
        (
            # goals
            "title",
            "relevant",
            "experiment",
            "aspiration",
            "learning",
            # skills
            "name",
            "rating",
            "ten_looks_like",
            "options",
            "approach",
            "target_6m",
            "target_12m",
            "target_18m",
            # log
            "shared_notes",
            "private_notes",
            *_STEPS,
            # settings
            "tz_override",
            # prep
            "feeling",
            "passions",
            "strengths",
            "improve",
            "learn",
            "satisfying",
            "unsatisfying",
            "support",
            # admin
            "min_group_size",
            "weekly_nudge_cap",
            "retention_months",
        ),
        "text",
    ),
    **dict.fromkeys(
        (
            "horizon",
            "skill",
            "kind",
            "follow_up",
            "cadence",
            "direction",
            "quiet_start",
            "quiet_end",
            "digest_weekday",
            "digest_hour",
        ),
        "choice",
    ),
    **dict.fromkeys(("partner", "manager"), "user"),
    **dict.fromkeys(("mentors", "admins"), "users"),
    "share": "options",
    **dict.fromkeys(
        (
            "held_on",
            "next_on",
            *(f"{step}_due" for step in _STEPS),
            "paused_until",
            "target_on",
            "planned_on",
        ),
        "date",
    ),
}

_USER_ID = re.compile(r"[UW][A-Z0-9]{2,31}")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class Malformed(ValueError):
    """A submission in a shape Slack never sends: refused as a bad request, nothing read."""


def values(view: Any) -> dict[str, Any]:
    """The submitted value of every known input, keyed by field name; None when left empty.

    Inputs that are not fields of ours (blocks of a Home tab, say) are left out.
    """
    if not isinstance(view, dict):
        raise Malformed("the view is not an object")
    state = view.get("state")
    state = {} if state is None else state
    if not isinstance(state, dict):
        raise Malformed("view.state is not an object")
    blocks = state.get("values")
    blocks = {} if blocks is None else blocks
    if not isinstance(blocks, dict):
        raise Malformed("view.state.values is not an object")
    found: dict[str, Any] = {}
    for block_id, actions in blocks.items():
        if not isinstance(actions, dict):
            raise Malformed(f"the input {block_id!r} is not an object")
        kind = FIELD_KINDS.get(block_id)
        for element in actions.values():
            if not isinstance(element, dict):
                raise Malformed(f"the input {block_id!r} is not an object")
            if kind is not None:
                found[block_id] = _value(kind, element, block_id)
    return found


def _value(kind: Kind, element: dict[str, Any], name: str) -> Any:
    claimed = ELEMENT_KINDS.get(str(element.get("type")))
    if claimed != kind:
        raise Malformed(f"{name!r} is a {kind} field, not a {element.get('type')!r}")
    if kind == "text":
        return clean_text(_optional(element, "value", str, name))
    if kind == "choice":
        option = _optional(element, "selected_option", dict, name)
        return None if option is None else _option_value(option, name)
    if kind == "user":
        return _user_id(_optional(element, "selected_user", str, name), name)
    if kind == "users":
        users = _optional(element, "selected_users", list, name) or []
        return [_user_id(user, name) for user in users]
    if kind == "options":
        chosen = _optional(element, "selected_options", list, name) or []
        return [_option_value(option, name) for option in chosen]
    return _day(_optional(element, "selected_date", str, name), name)


def _optional(element: dict[str, Any], key: str, expected: type, name: str) -> Any:
    value = element.get(key)
    if value is not None and not isinstance(value, expected):
        raise Malformed(f"{name!r}: {key} is not a {expected.__name__}")
    return value


def clean_text(text: str | None) -> str | None:
    """Typed text as we keep it: without NUL characters and outer blanks; None when empty.

    NUL is dropped rather than refused: nobody can see or mean it (it comes with pasted
    binary junk), and no database text column can hold it (PostgreSQL refuses it).
    """
    if text is None:
        return None
    cleaned = text.replace(NUL, "").strip()
    return cleaned or None


def _option_value(option: Any, name: str) -> str:
    value = option.get("value") if isinstance(option, dict) else None
    if not isinstance(value, str) or not value or len(value) > MAX_OPTION_VALUE:
        raise Malformed(f"{name!r}: an option without a value Slack could send")
    if _CONTROL.search(value):
        raise Malformed(f"{name!r}: an option value with control characters")
    return value


def _user_id(user: Any, name: str) -> Any:
    if user is not None and not (isinstance(user, str) and _USER_ID.fullmatch(user)):
        raise Malformed(f"{name!r}: not a Slack user id")
    return user


def _day(picked: str | None, name: str) -> date | None:
    if not picked:
        return None
    if not _ISO_DAY.fullmatch(picked):
        raise Malformed(f"{name!r}: not a YYYY-MM-DD date")
    try:
        return date.fromisoformat(picked)
    except ValueError:
        raise Malformed(f"{name!r}: not a calendar date") from None


def malformed(body: dict[str, Any]) -> str | None:
    """Why a signed interaction payload is not in a shape Slack sends, or None when it is.

    Checked before any listener runs, so a forged shape is a 400 and writes nothing.
    """
    kind = body.get("type")
    if kind not in ("view_submission", "view_closed", "block_actions"):
        return None
    view = body.get("view")
    if kind == "block_actions" and view is None:
        return None  # a click on a message
    user = body.get("user")
    if not isinstance(user, dict) or not isinstance(user.get("id"), str):
        return "user.id is not a string"
    if not isinstance(view, dict):
        return "the view is not an object"
    for key in ("id", "callback_id", "private_metadata", "hash", "previous_view_id"):
        if view.get(key) is not None and not isinstance(view[key], str):
            return f"view.{key} is not a string"
    if not isinstance(view.get("id"), str) or not isinstance(view.get("callback_id"), str):
        return "view.id or view.callback_id is missing"
    try:
        values(view)
    except Malformed as problem:
        return str(problem)
    return None


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
