"""Jinja2 for the copy people read: every value is escaped for Slack mrkdwn unless trusted.

Escaping is the default, not an opt-in: `finalize` escapes whatever a `{{ ... }}` prints, so a
template that forgets a filter still cannot make `<!channel>` ping. Only values the code built
itself are wrapped in `Trusted` (see `mention`) and printed as they are.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from bot.blocks.text import day, escape
from bot.shapes.privacy import FORMER_COLLEAGUE, is_erased

SLACK_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


class Trusted(str):
    """Text the bot wrote (a mention, already-escaped text): printed without escaping."""


def mrkdwn(value: object) -> Trusted:
    """Escape a value for Slack mrkdwn; harmless on already trusted text."""
    if isinstance(value, Trusted):
        return value
    return Trusted(escape("" if value is None else str(value)))


def quote(value: object) -> Trusted:
    """A block quote of possibly multi-line text, escaped."""
    lines = str(mrkdwn(value)).splitlines() or [""]
    return Trusted("\n".join(f"> {line}" for line in lines))


def mention(slack_user_id: str) -> Trusted:
    """`<@U…>` for a Slack user id the bot got from Slack or its database, never from typing.

    Someone who erased their record is named by nobody: "a former colleague".
    """
    if is_erased(slack_user_id):
        return Trusted(FORMER_COLLEAGUE)
    if not SLACK_USER_ID.match(slack_user_id):
        raise ValueError(f"not a Slack user id: {slack_user_id!r}")
    return Trusted(f"<@{slack_user_id}>")


def local_date(value: date) -> Trusted:
    """A date token (see `bot.mrkdwn.local_day`): the bot wrote it, so it is not escaped."""
    return Trusted(day(value))


def _finalize(value: object) -> object:
    return mrkdwn(value)


def jinja_environment(**options: Any) -> Environment:
    """bot/templates with what every copy template expects: a missing value fails loudly, and
    block tags leave no blank lines behind."""
    return Environment(
        loader=PackageLoader("bot", "templates"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        **options,
    )


@cache
def environment() -> Environment:
    # HTML autoescaping would show `&#39;` in Slack; `finalize` escapes for mrkdwn instead.
    env = jinja_environment(autoescape=False, finalize=_finalize)
    env.filters["mrkdwn"] = mrkdwn
    env.filters["quote"] = quote
    env.filters["mention"] = mention
    env.filters["day"] = local_date
    return env


def render(name: str, **values: Any) -> str:
    """Render `bot/templates/NAME` with these values, each escaped unless `Trusted`."""
    return environment().get_template(name).render(**values).strip()
