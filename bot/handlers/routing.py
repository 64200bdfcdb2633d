"""What every listener shares: routing `/career-prep` words, and who is acting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient
from sqlmodel import Session

from bot.commands import parse
from bot.models import Person

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
