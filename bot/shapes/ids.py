"""Record ids as they come back from Slack: button values, option values, private_metadata."""

from __future__ import annotations


def parse_id(raw: object) -> int | None:
    """A record id from a button value, option value or private_metadata; None unless plausible.

    Such ids say which record to look up, never who may change it.
    """
    text = str(raw or "")
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        return None
    return int(text) or None
