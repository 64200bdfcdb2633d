"""The App Home tab: published when opened, refreshed after a click on it."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from sqlmodel import Session

from bot.blocks.ids import Home as Ids
from bot.blocks.nudge import nudge_message
from bot.blocks.replies import (
    ALREADY_NUDGED,
    HOME_ITEM_DONE,
    HOME_NOT_YOURS,
    NUDGE_FAILED,
    NUDGE_NEXT_WEEK,
    NUDGE_ON_ITS_WAY,
    NUDGE_TILL_MORNING,
    NUDGE_UNCONFIRMED,
    NUDGE_WHEN_BACK,
    NUDGED,
)
from bot.blocks.welcome import welcome_message
from bot.deps import deps_of
from bot.handlers.common.acting import act, unit
from bot.handlers.common.home_tab import publish
from bot.handlers.common.routing import actor_id, complete_clicked_item, load_actor, record_id
from bot.handlers.common.sending import send_owed
from bot.models import Delivery
from bot.outbox.away import AWAY
from bot.outbox.claim import OVER_CAP
from bot.outbox.enqueue import Outgoing, enqueue_many, owed_ids
from bot.outbox.hours import QUIET
from bot.services.nudges import manager_nudges

WELCOME_KIND = "welcome"  # outbox kind; one per person, ever: the key's period is constant
WELCOME_ONCE = "first-messages-tab"


def register(app: App) -> None:
    app.event("app_home_opened")(on_home_opened)
    app.action(Ids.ACTION_ITEM_DONE)(complete_item)
    app.action(Ids.NUDGE_REPORT)(nudge_report)


def on_home_opened(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    tab = event.get("tab", "home")
    if tab == "home":
        publish(client, context)
    elif tab == "messages":
        welcome(client, context)


def welcome(client: WebClient, context: BoltContext) -> None:
    """The welcome DM the first time someone opens the Messages tab (they asked, by opening
    it; Slack's guideline), once per person: the outbox's unique key owes it once, however
    many app_home_opened events race, and then it is sent like any other message."""
    deps = deps_of(context)
    text, blocks = welcome_message()

    def owe(session: Session) -> list[int]:
        now = deps.clock()
        actor = load_actor(session, context)
        message = Outgoing(
            actor.workspace_id, actor.slack_user_id, WELCOME_KIND, WELCOME_ONCE, text, now, blocks
        )
        return (
            owed_ids(session, [message])
            if enqueue_many(session=session, messages=[message], now=now)
            else []
        )

    ids = unit(context, owe)
    if ids:
        send_owed(
            client, deps.engine, ids, clock=deps.clock, history_check=deps.settings.history_check
        )


def complete_item(
    ack: Ack, action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    ack()
    notice = HOME_NOT_YOURS if complete_clicked_item(context, action) is None else HOME_ITEM_DONE
    publish(client, context, notice=notice)


def nudge_report(ack: Ack, action: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    now = deps.clock()
    text, blocks = nudge_message(manager_user_id=str(context.user_id))
    try:
        owed = act(
            context,
            lambda s: manager_nudges.owe_nudge(
                session=s,
                manager_id=actor_id(context),
                report_id=record_id(action),
                text=text,
                blocks=blocks,
                now=now,
            ),
            refused=lambda: publish(client, context, notice=HOME_NOT_YOURS),
        )
    except manager_nudges.AlreadyNudged as already:
        return publish(client, context, notice=ALREADY_NUDGED.format(user=already.args[0]))
    if owed is None:
        return
    send_owed(
        client,
        deps.engine,
        [owed.delivery_id],
        clock=deps.clock,
        history_check=deps.settings.history_check,
    )
    row = unit(
        context, lambda s: manager_nudges.nudge_state(session=s, delivery_id=owed.delivery_id)
    )
    publish(client, context, notice=_nudge_notice(row, owed.report_user_id))


def _nudge_notice(row: Delivery | None, user: str) -> str:
    """What became of the nudge, told honestly: sent, held, on its way, or refused."""
    if row is not None and row.state == "sent":
        return NUDGED.format(user=user)
    if row is None or row.state == "dead":
        return NUDGE_FAILED.format(user=user)
    if row.last_error == AWAY:
        return NUDGE_WHEN_BACK.format(user=user)
    if row.state == "unknown":
        return NUDGE_UNCONFIRMED.format(user=user)
    if row.last_error == QUIET:
        return NUDGE_TILL_MORNING.format(user=user)
    if row.last_error == OVER_CAP:
        return NUDGE_NEXT_WEEK.format(user=user)
    return NUDGE_ON_ITS_WAY.format(user=user)
