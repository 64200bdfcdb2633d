"""Reading modal submissions and answering with errors on the fields that are wrong.

Every input block's `block_id` is the field name and its element's `action_id` is the same
name, so `values(view)` gives `{field: value}` whatever the element type.

A submission is signed by Slack but its shape is still data: `values` reads each field as the
kind our own modal declares (`FIELD_KINDS`) and raises `Malformed` for anything Slack never
sends, so services only ever see `str`, `date`, `list[str]` or None.
"""

from bot.forms.errors import FieldErrors
from bot.forms.kinds import (
    ELEMENT_KINDS,
    FIELD_KINDS,
    MAX_OPTION_VALUE,
    MAX_TEXT,
    MAX_TITLE,
    NUL,
    Kind,
)
from bot.forms.reading import Malformed, clean_text, malformed, values

__all__ = [
    "ELEMENT_KINDS",
    "FIELD_KINDS",
    "MAX_OPTION_VALUE",
    "MAX_TEXT",
    "MAX_TITLE",
    "NUL",
    "FieldErrors",
    "Kind",
    "Malformed",
    "clean_text",
    "malformed",
    "values",
]
