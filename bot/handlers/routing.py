"""What every listener shares: routing `/career-prep` words, and who is acting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.commands import parse

ACTOR_KEY = "actor_id"


def subcommand(*words: str) -> Callable[[dict[str, Any]], bool]:
    """A Bolt matcher for `/career-prep WORD`; the empty command counts as `prep`."""

    def matches(body: dict[str, Any]) -> bool:
        return parse(body.get("text") or "")[0] in words

    return matches


def actor_id(context: Any) -> int:
    """Our person id for whoever sent this request, from Slack's signed payload.

    Never from button values or private_metadata: those are data, not authority.
    """
    value = context[ACTOR_KEY]
    assert isinstance(value, int)
    return value
