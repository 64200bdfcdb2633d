"""What every listener shares: routing `/career-prep` words, and who is acting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient
from sqlmodel import Session

from bot.blocks.command_words import parse
from bot.deps import deps_of
from bot.handlers.common.acting import act
from bot.models import Person
from bot.services import parse_id
from bot.services.conversations import action_items

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


def load_actor(session: Session, context: Any) -> Person:
    """The acting person's row (the middleware created it for this request)."""
    person = session.get(Person, actor_id(context))
    assert person is not None
    return person


def show_modal(client: WebClient, body: dict[str, Any], view: dict[str, Any]) -> None:
    """Push over the modal a click came from; open a new one from Home or a message."""
    if (body.get("view") or {}).get("type") == "modal":
        client.views_push(trigger_id=body["trigger_id"], view=view)
    else:
        client.views_open(trigger_id=body["trigger_id"], view=view)


def answer_with(
    ack: Ack, client: WebClient, submitted: dict[str, Any], view: dict[str, Any]
) -> None:
    """Show `view` after a form submission: in place of a root form, or under a pushed one.

    A pushed form closes on an empty ack and reveals the view below it, refreshed here.
    """
    below = submitted.get("previous_view_id")
    if below:
        ack()
        client.views_update(view_id=below, view=view)
    else:
        ack(response_action="update", view=view)


def record_id(action: dict[str, Any]) -> int:
    """The record id a button carries (0 when absent or garbage): what to look up, not who may."""
    return parse_id(action.get("value")) or 0


def tell(respond: Respond | None, body: dict[str, Any], notice: str) -> None:
    """An ephemeral note to the clicker of a message button (messages have a response_url)."""
    if respond is not None and body.get("response_url"):
        respond(text=notice, response_type="ephemeral", replace_original=False)


def complete_clicked_item(context: Any, action: dict[str, Any]) -> int | None:
    """Mark the clicked next step done for the actor; its conversation id, or None if refused."""
    now = deps_of(context).clock
    item = act(
        context,
        lambda s: action_items.complete(
            session=s, actor_id=actor_id(context), item_id=record_id(action), now=now()
        ),
    )
    return None if item is None else item.conversation_id
