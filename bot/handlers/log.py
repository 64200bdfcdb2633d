"""`/career-prep log`, the Home and reminder buttons: the log modal, and saving it.

On save both people get the recap (see `common.recap_sending.send_recap`); a conversation
saved again updates both copies in place.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.blocks.command_words import COMMAND
from bot.blocks.field_errors import field_errors
from bot.blocks.ids import Home as HomeIds
from bot.blocks.ids import Log as Ids
from bot.blocks.log import (
    log_modal,
    logged_modal,
    read_metadata,
    read_seen,
    read_shown,
    refused_modal,
)
from bot.blocks.replies import log_clash
from bot.deps import deps_of
from bot.forms import values
from bot.handlers.common.acting import act, unit
from bot.handlers.common.home_tab import publish
from bot.handlers.common.recap_sending import send_recap
from bot.handlers.common.routing import load_actor, subcommand
from bot.models import Person
from bot.services import parse_id
from bot.services.conversations import log, log_form, parties
from bot.services.org.zones import local_today
from bot.shapes.conversations import Prefill

logger = logging.getLogger(__name__)
# A racing first log of the same pair and day loses on the unique key; the second try finds
# the winner's and answers with a field error, so nothing is logged over and nothing is a 5xx.
ATTEMPTS = 2


def register(app: App) -> None:
    app.command(COMMAND, matchers=[subcommand("log")])(open_log)
    app.action(HomeIds.LOG_CONVERSATION)(open_log_with)
    app.view_submission(Ids.MODAL)(save_log)


def open_log(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    _open(client, body, context, partner_id=None)


def open_log_with(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """From Home or a reminder: the button's value names the partner to prefill (data only)."""
    ack()
    _open(client, body, context, partner_id=parse_id(action.get("value")))


def _open(
    client: WebClient, body: dict[str, Any], context: BoltContext, *, partner_id: int | None
) -> None:
    now = deps_of(context).clock

    def prefill_of(session: Session) -> Prefill:
        actor = load_actor(session, context)
        return parties.fresh_prefill(
            session=session, actor=actor, partner_id=partner_id, today=local_today(actor, now())
        )

    prefill = unit(context, prefill_of)
    client.views_open(trigger_id=body["trigger_id"], view=log_modal(prefill))


def save_log(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    form = log_form.LogForm.from_fields(values(view))
    conversation_id = read_metadata(view.get("private_metadata", ""))
    shown_mine = read_shown(view.get("private_metadata", ""))
    seen = read_seen(view.get("private_metadata", ""))
    deps = deps_of(context)
    now = deps.clock()

    def save(session: Session) -> tuple[int, Person, bool]:
        actor = load_actor(session, context)
        conversation, created = log.log_conversation(
            session=session,
            actor=actor,
            form=form,
            now=now,
            today=local_today(actor, now),
            conversation_id=conversation_id,
            shown_mine=shown_mine,
            seen=seen,
        )
        other = parties.other_party(
            session=session, conversation=conversation, actor_id=actor.id or 0
        )
        return conversation.id or 0, other, created

    def refuse() -> None:
        logger.warning("Refused an edit of conversation %s by a non-party", conversation_id)
        ack(response_action="update", view=refused_modal())

    for attempt in range(ATTEMPTS):
        try:
            saved = act(context, save, refused=refuse)
            break
        except log_form.Invalid as invalid:
            ack(response_action="errors", errors=field_errors(invalid.problems))
            return
        except log.Conflict as conflict:
            words = log_clash(conflict.clash, count=conflict.count, room=conflict.room)
            ack(response_action="errors", errors={conflict.field: words})
            return
        except IntegrityError:
            if attempt + 1 == ATTEMPTS:
                raise
    if saved is None:
        return
    saved_id, other, created = saved
    ack(
        response_action="update",
        view=logged_modal(partner_user_id=other.slack_user_id, created=created),
    )
    send_recap(client, context, saved_id, now=now)
    publish(client, context)
