"""The snooze buttons of a lapse reminder: only the report's current manager may snooze."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_bolt.context.respond import Respond

from bot.blocks.ids import Lapse as Ids
from bot.db import session_scope
from bot.deps import deps_of
from bot.handlers.routing import actor_id, record_id, tell
from bot.services import NotAllowed, lapses

SNOOZED = ":zzz: Snoozed: no reminders about <@{user}> for {weeks}."
NOT_YOURS = "Only their current manager can snooze these reminders, so nothing changed."
WEEKS = {7: "a week", 14: "two weeks"}


def register(app: App) -> None:
    app.action(Ids.SNOOZE_1_WEEK)(snooze_1_week)
    app.action(Ids.SNOOZE_2_WEEKS)(snooze_2_weeks)


def snooze_1_week(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    respond: Respond | None,
) -> None:
    ack()
    _snooze(body, action, context, respond, days=7)


def snooze_2_weeks(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    respond: Respond | None,
) -> None:
    ack()
    _snooze(body, action, context, respond, days=14)


def _snooze(
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    respond: Respond | None,
    *,
    days: int,
) -> None:
    deps = deps_of(context)
    try:
        with session_scope(deps.engine, immediate=True) as session:
            report = lapses.snooze(
                session=session,
                actor_id=actor_id(context),
                report_id=record_id(action),
                days=days,
                now=deps.clock(),
            )
            user = report.slack_user_id
    except NotAllowed:
        return tell(respond, body, NOT_YOURS)
    tell(respond, body, SNOOZED.format(user=user, weeks=WEEKS[days]))
