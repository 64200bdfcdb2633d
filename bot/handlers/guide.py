"""`/career-prep guide`: the conversation guide, sent as a DM with alternative prompts on demand.

A DM rather than an ephemeral reply: it stays put for the whole hour-long conversation (an
ephemeral message vanishes on reload), and "Another question" can rewrite it with chat.update
as often as wanted (an ephemeral message can only be replaced through its response_url, which
allows 5 uses in 30 minutes).
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient
from sqlmodel import Session

from bot.blocks.command_words import COMMAND
from bot.blocks.guide import guide_message, shown_keys
from bot.blocks.ids import Guide as Ids
from bot.blocks.ids import Home as HomeIds
from bot.blocks.replies import GUIDE_NOT_YOURS, GUIDE_SENT
from bot.deps import deps_of
from bot.handlers.common.acting import unit
from bot.handlers.common.home_tab import publish
from bot.handlers.common.own_message import bot_message_in_dm, container_of
from bot.handlers.common.routing import load_actor, subcommand, tell
from bot.handlers.common.sending import send_owed
from bot.outbox.enqueue import Outgoing, enqueue_many, owed_ids
from bot.outbox.send import update_now
from bot.services.conversations.guide import load_bank, next_alternative

KIND = "guide"  # outbox kind; period_key: the command's trigger_id, unique per command


def register(app: App) -> None:
    app.command(COMMAND, matchers=[subcommand("guide")])(post_guide)
    app.action(HomeIds.OPEN_GUIDE)(guide_from_home)
    app.action(Ids.ALTERNATIVE_PROMPT)(another_prompt)


def post_guide(ack: Ack, command: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """The guide DM through the outbox, once per command: a replayed command posts nothing."""
    ack(text=GUIDE_SENT, response_type="ephemeral")
    _send_guide(client, context, once_per=command["trigger_id"])


def guide_from_home(
    ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """The Home tab's Guide button: the same DM, once per click; the Home tab says where."""
    ack()
    _send_guide(client, context, once_per=body["trigger_id"])
    publish(client, context, notice=GUIDE_SENT)


def _send_guide(client: WebClient, context: BoltContext, *, once_per: str) -> None:
    deps = deps_of(context)
    text, blocks = guide_message(load_bank(), shown=[])

    def owe(session: Session) -> list[int]:
        now = deps.clock()
        actor = load_actor(session, context)
        guide = Outgoing(actor.workspace_id, actor.slack_user_id, KIND, once_per, text, now, blocks)
        enqueue_many(session=session, messages=[guide], now=now)
        return owed_ids(session, [guide])

    ids = unit(context, owe)
    send_owed(client, deps.engine, ids, clock=deps.clock, history_check=deps.settings.history_check)


def another_prompt(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    respond: Respond | None,
) -> None:
    """Add one alternative prompt not shown yet; the button's value lists those shown (data)."""
    ack()
    clicked = container_of(body)
    if clicked is None or not bot_message_in_dm(
        client,
        context,
        user_id=str(context.user_id),
        channel=clicked[0],
        ts=clicked[1],
        block_id=Ids.ACTIONS,
    ):
        return tell(respond, body, GUIDE_NOT_YOURS)
    bank = load_bank()
    shown = shown_keys(action.get("value"))
    fresh = next_alternative(bank, shown)
    text, blocks = guide_message(bank, shown=[*shown, fresh.key] if fresh else shown)
    update_now(client, channel=clicked[0], ts=clicked[1], text=text, blocks=blocks)
