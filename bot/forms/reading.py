"""Reading `state.values`: each field as the kind our modal declares, else `Malformed`."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from bot.forms.kinds import ELEMENT_KINDS, FIELD_KINDS, MAX_OPTION_VALUE, NUL, Kind

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
