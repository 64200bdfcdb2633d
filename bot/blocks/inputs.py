"""Builders for modal inputs: each input's block_id and action_id are its field name."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.blocks.text import Block

Option = tuple[str, str]  # (value, label)


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text, "emoji": True}


def option(value: str, label: str) -> dict[str, Any]:
    return {"text": plain(label), "value": value}


def _input(
    name: str, label: str, element: dict[str, Any], *, optional: bool, hint: str | None
) -> Block:
    element["action_id"] = name
    block: Block = {
        "type": "input",
        "block_id": name,
        "label": plain(label),
        "element": element,
        "optional": optional,
    }
    if hint:
        block["hint"] = plain(hint)
    return block


def text_input(
    name: str,
    label: str,
    *,
    initial: str | None = None,
    multiline: bool = False,
    max_length: int = 2000,
    optional: bool = False,
    hint: str | None = None,
    placeholder: str | None = None,
) -> Block:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "multiline": multiline,
        "max_length": max_length,
    }
    if initial:
        element["initial_value"] = initial[:max_length]
    if placeholder:
        element["placeholder"] = plain(placeholder)
    return _input(name, label, element, optional=optional, hint=hint)


def number_input(
    name: str,
    label: str,
    *,
    initial: int | None = None,
    optional: bool = False,
    hint: str | None = None,
    min_value: int = 1,
    max_value: int = 10,
) -> Block:
    """A whole number in a range (Slack checks it; the server checks again)."""
    element: dict[str, Any] = {
        "type": "number_input",
        "is_decimal_allowed": False,
        "min_value": str(min_value),
        "max_value": str(max_value),
    }
    if initial is not None:
        element["initial_value"] = str(initial)
    return _input(name, label, element, optional=optional, hint=hint)


def select(
    name: str,
    label: str,
    options: list[Option],
    *,
    initial: str | None = None,
    optional: bool = False,
    hint: str | None = None,
    radio: bool = False,
) -> Block:
    element: dict[str, Any] = {
        "type": "radio_buttons" if radio else "static_select",
        "options": [option(value, text) for value, text in options],
    }
    chosen = next((option(v, t) for v, t in options if v == initial), None)
    if chosen:
        element["initial_option"] = chosen
    if not radio:
        element["placeholder"] = plain("Choose…")
    return _input(name, label, element, optional=optional, hint=hint)


def user_select(
    name: str,
    label: str,
    *,
    initial: str | None = None,
    optional: bool = False,
    hint: str | None = None,
    multi: bool = False,
    initial_many: list[str] | None = None,
) -> Block:
    element: dict[str, Any] = {
        "type": "multi_users_select" if multi else "users_select",
        "placeholder": plain("Choose someone…" if not multi else "Choose people…"),
    }
    if multi and initial_many:
        element["initial_users"] = initial_many
    elif initial:
        element["initial_user"] = initial
    return _input(name, label, element, optional=optional, hint=hint)


def date_input(
    name: str,
    label: str,
    *,
    initial: date | None = None,
    optional: bool = False,
    hint: str | None = None,
) -> Block:
    element: dict[str, Any] = {"type": "datepicker"}
    if initial:
        element["initial_date"] = initial.isoformat()
    return _input(name, label, element, optional=optional, hint=hint)


def checkbox(name: str, label: str, choice: Option, *, checked: bool = False) -> Block:
    element: dict[str, Any] = {"type": "checkboxes", "options": [option(*choice)]}
    if checked:
        element["initial_options"] = [option(*choice)]
    return _input(name, label, element, optional=True, hint=None)


def modal(
    *,
    title: str,
    callback_id: str,
    blocks: list[Block],
    submit: str | None = "Save",
    close: str = "Cancel",
    private_metadata: str = "",
    notify_on_close: bool = False,
    external_id: str | None = None,
) -> dict[str, Any]:
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(title),
        "close": plain(close),
        "blocks": blocks,
        "private_metadata": private_metadata,
        "notify_on_close": notify_on_close,
    }
    if submit:
        view["submit"] = plain(submit)
    if external_id:
        view["external_id"] = external_id
    return view
