"""`/career-prep settings`: manager, mentors, cadence, pause, time zone."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from sqlmodel import Session

from bot.blocks.command_words import COMMAND
from bot.blocks.field_errors import field_errors
from bot.blocks.handover import question_message
from bot.blocks.ids import Home as HomeIds
from bot.blocks.ids import Settings as Ids
from bot.blocks.replies import settings_errors
from bot.blocks.settings import saved_modal, settings_modal
from bot.deps import deps_of
from bot.forms import FieldErrors, values
from bot.handlers.common.acting import unit
from bot.handlers.common.home_tab import publish
from bot.handlers.common.routing import load_actor, subcommand
from bot.services.org import settings
from bot.shapes.org import MAX_MENTORS


def register(app: App) -> None:
    app.command(COMMAND, matchers=[subcommand("settings")])(open_settings)
    app.action(HomeIds.OPEN_SETTINGS)(open_settings)
    app.view_submission(Ids.MODAL)(save_settings)


def open_settings(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    current = unit(
        context,
        lambda s: settings.current_settings(session=s, person=load_actor(s, context)),
        read_only=True,
    )
    client.views_open(trigger_id=body["trigger_id"], view=settings_modal(current))


def save_settings(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    fields = values(view)
    form = settings.SettingsForm(
        manager_user_id=fields.get("manager"),
        mentor_user_ids=fields.get("mentors") or [],
        cadence=fields.get("cadence") or "",
        paused_until=fields.get("paused_until"),
        tz_override=fields.get("tz_override"),
    )
    now = deps_of(context).clock()

    def save(session: Session) -> bool:
        """Saved; or refused with field errors, answered before the transaction ends."""
        person = load_actor(session, context)
        found = settings.problems(session=session, person=person, form=form, today=now.date())
        too_long = FieldErrors()
        too_long.max_length(fields, "tz_override", 64)
        # A field's settings problem comes first; the length only where there is none.
        errors = field_errors(too_long) | settings_errors(found, max_mentors=MAX_MENTORS)
        if errors:
            ack(response_action="errors", errors=errors)
            return False
        settings.save(session=session, person=person, form=form, now=now, ask=question_message)
        return True

    if not unit(context, save):
        return
    ack(response_action="update", view=saved_modal())
    publish(client, context)
