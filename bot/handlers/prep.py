"""`/career-prep` and `/career-prep prep`: the three-step prep modal, its draft, the agenda."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from sqlmodel import Session

from bot.blocks.command_words import COMMAND
from bot.blocks.ids import Home as HomeIds
from bot.blocks.ids import Prep as Ids
from bot.blocks.prep import (
    done_modal,
    employee_agenda,
    partner_agenda,
    prep_modal,
    read_metadata,
    refused_modal,
)
from bot.blocks.replies import prep_errors
from bot.deps import deps_of
from bot.forms import MAX_TEXT, values
from bot.handlers.common.acting import act, unit
from bot.handlers.common.home_tab import publish
from bot.handlers.common.routing import actor_id, load_actor, subcommand
from bot.handlers.common.sending import send_owed
from bot.outbox.enqueue import Outgoing, enqueue_many, owed_ids
from bot.services.prep import briefing as prep_briefing
from bot.services.prep import drafts
from bot.shapes.prep import Draft

logger = logging.getLogger(__name__)

AGENDA = "prep-agenda"  # outbox kind: one per person per prep (period_key: the prep id)


def register(app: App) -> None:
    app.command(COMMAND, matchers=[subcommand("prep")])(open_prep)
    app.action(HomeIds.OPEN_PREP)(open_prep)
    app.view_submission(Ids.MODAL)(submit_step)
    app.view_closed(Ids.MODAL)(keep_draft)
    app.action(Ids.BACK)(go_back)


def open_prep(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    # One indexed read, then the modal: the trigger_id expires 3 seconds after the command.
    draft = unit(
        context, lambda s: drafts.open_draft(session=s, actor_id=actor_id(context)), read_only=True
    )
    client.views_open(trigger_id=body["trigger_id"], view=prep_modal(draft, step=1))


def submit_step(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    prep_id, step = read_metadata(view.get("private_metadata", ""))
    now = deps_of(context).clock

    def refuse() -> None:
        logger.warning("Refused a prep submission naming prep %s", prep_id)
        ack(response_action="update", view=refused_modal())

    outcome = act(
        context,
        lambda s: drafts.take_step(
            session=s,
            actor_id=actor_id(context),
            actor_user_id=body["user"]["id"],
            prep_id=prep_id,
            step=step,
            fields=values(view),
            now=now(),
        ),
        refused=refuse,
    )
    if outcome is None:
        return
    if outcome.errors:
        ack(response_action="errors", errors=prep_errors(outcome.errors, max_text=MAX_TEXT))
    elif outcome.next_step is not None:
        ack(response_action="update", view=prep_modal(outcome.draft, step=outcome.next_step))
    else:
        partner = outcome.draft.partner_user_id
        assert partner is not None
        ack(
            response_action="update",
            view=done_modal(partner_user_id=partner, shared=outcome.draft.shared),
        )
        if outcome.sent_now and outcome.draft.prep_id is not None:
            _send_agenda(client, context, outcome.draft.prep_id)
            publish(client, context)


def keep_draft(ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
    """Closing the modal keeps what was typed in the current step.

    Saved before the ack (one small write, no Slack call): once Slack has its answer the
    draft is there, so "Save for later" followed at once by reopening resumes it.
    """
    prep_id, step = read_metadata(view.get("private_metadata", ""))
    fields = values(view)
    if prep_id is None and all(value in (None, []) for value in fields.values()):
        ack()
        return  # opened and closed without typing: no empty draft
    now = deps_of(context).clock
    act(
        context,
        lambda s: drafts.save_step(
            session=s,
            actor_id=actor_id(context),
            prep_id=prep_id,
            step=step,
            fields=fields,
            now=now(),
        ),
        refused=lambda: logger.warning("Ignored a closed prep modal naming prep %s", prep_id),
    )
    ack()


def go_back(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """Back to the previous step, keeping what was typed in this one."""
    ack()
    view = body["view"]
    prep_id, step = read_metadata(view.get("private_metadata", ""))
    now = deps_of(context).clock

    def save_and_reload(session: Session) -> Draft:
        saved = drafts.save_step(
            session=session,
            actor_id=actor_id(context),
            prep_id=prep_id,
            step=step,
            fields=values(view),
            now=now(),
        )
        return drafts.draft_of(saved, session=session)

    draft = act(
        context,
        save_and_reload,
        refused=lambda: logger.warning("Refused going back in prep %s", prep_id),
    )
    shown = refused_modal() if draft is None else prep_modal(draft, step=max(1, step - 1))
    client.views_update(view_id=view["id"], hash=view.get("hash"), view=shown)


def _send_agenda(client: WebClient, context: BoltContext, prep_id: int) -> None:
    """The employee's agenda, and the partner's briefing when shared: owed, then sent now.

    Sent at once, outside the working-hours check: the employee just finished their prep.
    """
    deps = deps_of(context)

    def owe(session: Session) -> list[int]:
        agenda = prep_briefing.agenda_of(session=session, prep_id=prep_id)
        briefing = (
            prep_briefing.briefing_for(session=session, prep_id=prep_id) if agenda.shared else None
        )
        workspace_id = load_actor(session, context).workspace_id
        now = deps.clock()
        text, blocks = employee_agenda(agenda)
        owed = [
            Outgoing(workspace_id, agenda.employee_user_id, AGENDA, str(prep_id), text, now, blocks)
        ]
        if briefing is not None:
            text, blocks = partner_agenda(agenda, briefing)
            owed.append(
                Outgoing(
                    workspace_id, agenda.partner_user_id, AGENDA, str(prep_id), text, now, blocks
                )
            )
        enqueue_many(session=session, messages=owed, now=now)
        return owed_ids(session, owed)

    ids = unit(context, owe)
    send_owed(client, deps.engine, ids, clock=deps.clock, history_check=deps.settings.history_check)
