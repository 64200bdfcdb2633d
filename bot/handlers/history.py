"""`/career-prep history`: pick someone, see your conversations with them, newest first."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from sqlmodel import Session

from bot.blocks.command_words import COMMAND
from bot.blocks.field_errors import field_errors
from bot.blocks.history import history_modal, history_picker
from bot.blocks.ids import History as Ids
from bot.blocks.ids import Home as HomeIds
from bot.blocks.replies import HISTORY_WITH_SELF
from bot.forms import FieldErrors, values
from bot.handlers.common.acting import unit
from bot.handlers.common.routing import answer_with, load_actor, subcommand
from bot.models import Person
from bot.services.conversations import history
from bot.shapes.conversations import Entry


def register(app: App) -> None:
    app.command(COMMAND, matchers=[subcommand("history")])(open_history)
    app.action(HomeIds.OPEN_HISTORY)(open_history)
    app.view_submission(Ids.PICKER)(show_history)


def open_history(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()

    def manager_of(session: Session) -> Person | None:
        actor = load_actor(session, context)
        return session.get(Person, actor.manager_id) if actor.manager_id else None

    manager = unit(context, manager_of)
    picker = history_picker(partner_user_id=manager.slack_user_id if manager else None)
    client.views_open(trigger_id=body["trigger_id"], view=picker)


def show_history(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    partner = str(values(view).get("partner") or "")
    missing = FieldErrors()
    missing.require({"partner": partner}, "partner")
    errors = field_errors(missing)

    def entries_or_errors(session: Session) -> tuple[list[Entry], int] | None:
        """The history; or None, the field errors answered before the transaction ends."""
        actor = load_actor(session, context)
        if partner == actor.slack_user_id:
            errors["partner"] = HISTORY_WITH_SELF
        if errors:
            ack(response_action="errors", errors=errors)
            return None
        return history.history(session=session, actor=actor, partner_user_id=partner)

    found = unit(context, entries_or_errors)
    if found is None:
        return
    entries, total = found
    answer_with(ack, client, view, history_modal(entries, partner_user_id=partner, total=total))
