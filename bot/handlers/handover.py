"""The handover question's buttons: the employee passes things on to their new manager.

The service re-checks that the clicker is the employee the question is about and that it is
still for the manager they report to now; the id in the button only says which question.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_bolt.context.respond import Respond

from bot.blocks.handover import answered_message, intro_message
from bot.blocks.ids import Handover as Ids
from bot.blocks.replies import HANDOVER_ALREADY_ANSWERED, HANDOVER_NOT_YOURS, HANDOVER_OUTDATED
from bot.deps import deps_of
from bot.handlers.common.acting import act
from bot.handlers.common.routing import actor_id, record_id, tell
from bot.services.org import handover


def register(app: App) -> None:
    app.action(Ids.CHOICES)(tick)
    app.action(Ids.PASS_ON)(pass_on)
    app.action(Ids.SHARE_NOTHING)(share_nothing)


def tick(ack: Ack) -> None:
    """Ticking a box only changes the message's state; the buttons read it."""
    ack()


def pass_on(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    respond: Respond | None,
) -> None:
    ack()
    _answer(body, action, context, respond, choices=_ticked(body))


def share_nothing(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    respond: Respond | None,
) -> None:
    ack()
    _answer(body, action, context, respond, choices=[])


def _answer(
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    respond: Respond | None,
    *,
    choices: list[str],
) -> None:
    now = deps_of(context).clock
    try:
        passed = act(
            context,
            lambda s: handover.answer(
                session=s,
                actor_id=actor_id(context),
                handover_id=record_id(action),
                choices=choices,
                now=now(),
                introduce=intro_message,
            ),
            refused=lambda: tell(respond, body, HANDOVER_NOT_YOURS),
        )
    except handover.Outdated:
        return tell(respond, body, HANDOVER_OUTDATED)
    except handover.AlreadyAnswered:
        return tell(respond, body, HANDOVER_ALREADY_ANSWERED)
    if passed is None:
        return
    if respond is not None and body.get("response_url"):
        text, blocks = answered_message(
            new_manager_user_id=passed.new_manager_user_id, choices=choices
        )
        respond(text=text, blocks=blocks, replace_original=True)


def _ticked(body: dict[str, Any]) -> list[str]:
    """The boxes ticked in the message, from Slack's state; anything unknown is dropped."""
    state = (body.get("state") or {}).get("values") or {}
    picked = (state.get(Ids.CHOICES_BLOCK) or {}).get(Ids.CHOICES) or {}
    values = {str(o.get("value")) for o in picked.get("selected_options") or []}
    return [c for c in handover.CHOICES if c in values]
