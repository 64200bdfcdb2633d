"""The exported record as a Markdown file a person can read, keep or print.

A file, not a Slack message: text is written exactly as it was typed, nothing escaped, so it
has its own Jinja2 environment (`render.py`'s escapes every value for mrkdwn). The record is
the plain dict `services.privacy.export.record_of` builds; the words are in `export.md.j2`.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from jinja2 import Environment

from bot.blocks.render import jinja_environment

NONE = "—"


def shown(value: Any) -> str:
    """A field's value: a dash for nothing, yes or no, a list joined by commas."""
    if value is None or value == "" or value == []:
        return NONE
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def indented(text: str) -> str:
    """A multi-line answer indented under its label, so it stays one list item."""
    return "\n".join(f"  {line}" for line in text.splitlines())


def bulleted(text: str) -> str:
    return f"- {text}"


def shared_in(part: str, handover: Mapping[str, Any]) -> bool:
    return bool(handover[f"share_{part}"])


@cache
def environment() -> Environment:
    env = jinja_environment(autoescape=False)  # a Markdown file: every typed value verbatim
    env.filters["shown"] = shown
    env.filters["indented"] = indented
    env.filters["bulleted"] = bulleted
    env.tests["shared_in"] = shared_in
    return env


def markdown_of(record: Mapping[str, Any]) -> str:
    """Headings per part of the record; every typed value verbatim."""
    return environment().get_template("export.md.j2").render(record=record).rstrip() + "\n"
