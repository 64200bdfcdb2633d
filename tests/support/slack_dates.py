"""Slack's date tokens as a reader's client sees them: what a date should look like in mrkdwn,
and the places a token would show raw (plain_text: headers, buttons, options, hints, titles).

Built independently of bot/mrkdwn.py: 10:00 UTC of the day, by calendar arithmetic.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

TOKEN = re.compile(r"<!date\^(\d+)\^(\{date_short\}|\{date_long\})\|([^<>|]+)>")


def shown(day: date, *, weekday: bool = False) -> str:
    """The token a builder should write for `day`, with its English fallback."""
    instant = calendar.timegm((day.year, day.month, day.day, 10, 0, 0))
    english = f"{day.day} {day:%b %Y}"
    if weekday:
        return f"<!date^{instant}^{{date_long}}|{day:%a} {english}>"
    return f"<!date^{instant}^{{date_short}}|{english}>"


def raw_tokens(payload: object) -> list[str]:
    """Paths of plain_text objects that carry a date token (Slack would show it raw), and of
    mrkdwn text with a malformed one."""
    problems: list[str] = []
    for path, kind, text in _texts(payload, "payload"):
        if kind == "plain_text" and "<!date" in text:
            problems.append(f"{path}: a date token in plain_text")
        if kind == "mrkdwn" and text.count("<!date") != len(TOKEN.findall(text)):
            problems.append(f"{path}: a malformed date token")
    return problems


def _texts(node: object, path: str) -> Iterator[tuple[str, str, str]]:
    if isinstance(node, dict):
        kind, text = node.get("type"), node.get("text")
        if kind in ("plain_text", "mrkdwn") and isinstance(text, str):
            yield path, str(kind), text
        for key, value in node.items():
            yield from _texts(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, f"{path}[{i}]")


def dated(text: Any) -> bool:
    """Whether some mrkdwn text carries a well-formed date token."""
    return bool(TOKEN.search(str(text)))
