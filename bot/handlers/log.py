"""`/career-prep log`, the Home and reminder buttons: the log modal, and saving it.

On save both people get the recap (see `recaps.send_recap`); a conversation saved again
updates both copies in place.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from sqlalchemy.exc import IntegrityError

from bot.blocks.command_words import COMMAND
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
from bot.db import session_scope
from bot.deps import deps_of
from bot.forms import values
from bot.handlers import home, recaps
from bot.handlers.routing import load_actor, subcommand
from bot.services import NotAllowed, parse_id
from bot.services.conversations import log, log_form, parties
from bot.services.org.zones import local_today

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
    deps = deps_of(context)
    with session_scope(deps.engine) as session:
        actor = load_actor(session, context)
        prefill = parties.fresh_prefill(
            session=session,
            actor=actor,
            partner_id=partner_id,
            today=local_today(actor, deps.clock()),
        )
    client.views_open(trigger_id=body["trigger_id"], view=log_modal(prefill))


def save_log(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    form = log_form.LogForm.from_fields(values(view))
    conversation_id = read_metadata(view.get("private_metadata", ""))
    shown_mine = read_shown(view.get("private_metadata", ""))
    seen = read_seen(view.get("private_metadata", ""))
    deps = deps_of(context)
    now = deps.clock()
    for attempt in range(ATTEMPTS):
        try:
            with session_scope(deps.engine, immediate=True) as session:
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
                saved_id = conversation.id or 0
                other = parties.other_party(
                    session=session, conversation=conversation, actor_id=actor.id or 0
                )
            break
        except log_form.Invalid as invalid:
            ack(response_action="errors", errors=invalid.problems)
            return
        except NotAllowed:
            logger.warning("Refused an edit of conversation %s by a non-party", conversation_id)
            ack(response_action="update", view=refused_modal())
            return
        except IntegrityError:
            if attempt + 1 == ATTEMPTS:
                raise
    ack(
        response_action="update",
        view=logged_modal(partner_user_id=other.slack_user_id, created=created),
    )
    recaps.send_recap(client, deps.engine, saved_id, now=now)
    home.publish(client, context)
