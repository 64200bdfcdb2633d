"""The buttons of a lapse reminder: snooze, and "Schedule it" with its modal.

Only the report's current manager may snooze or schedule; the report id in a button value or
in private_metadata only says which record to look up.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError
from sqlmodel import Session

from bot.blocks.ids import Lapse as Ids
from bot.blocks.lapse import (
    read_schedule_metadata,
    refused_modal,
    schedule_modal,
    scheduled_message,
)
from bot.blocks.replies import (
    SCHEDULE_NOT_YOURS,
    SCHEDULED_INVITE_COMMENT,
    SNOOZE_NOT_YOURS,
    SNOOZE_WEEKS,
    SNOOZED,
    plan_problem,
    when_text,
)
from bot.deps import deps_of
from bot.forms import values
from bot.handlers.common.acting import act
from bot.handlers.common.invites import upload_invite
from bot.handlers.common.own_message import bot_message_in_dm, dm_channel
from bot.handlers.common.replays import first_submission
from bot.handlers.common.routing import actor_id, load_actor, record_id, tell
from bot.models import Person
from bot.outbox.send import update_now
from bot.services.nudges import lapses
from bot.services.nudges.lapses import Planned
from bot.services.org.zones import local_today
from bot.shapes.nudges import PLAN_FIELD

logger = logging.getLogger(__name__)


def register(app: App) -> None:
    app.action(Ids.SNOOZE_1_WEEK)(snooze_1_week)
    app.action(Ids.SNOOZE_2_WEEKS)(snooze_2_weeks)
    app.action(Ids.SCHEDULE)(open_schedule)
    app.view_submission(Ids.SCHEDULE_MODAL)(save_schedule)


def snooze_1_week(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    respond: Respond | None,
) -> None:
    ack()
    _snooze(body, action, context, respond, days=7)


def snooze_2_weeks(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    respond: Respond | None,
) -> None:
    ack()
    _snooze(body, action, context, respond, days=14)


def _snooze(
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    respond: Respond | None,
    *,
    days: int,
) -> None:
    now = deps_of(context).clock
    report = act(
        context,
        lambda s: lapses.snooze(
            session=s,
            actor_id=actor_id(context),
            report_id=record_id(action),
            days=days,
            now=now(),
        ),
        refused=lambda: tell(respond, body, SNOOZE_NOT_YOURS),
    )
    if report is not None:
        tell(respond, body, SNOOZED.format(user=report.slack_user_id, weeks=SNOOZE_WEEKS[days]))


def open_schedule(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    respond: Respond | None,
) -> None:
    """The date picker, set to a working day a week out (the manager's own calendar)."""
    ack()
    now = deps_of(context).clock

    def report_and_today(session: Session) -> tuple[Person, date]:
        actor = load_actor(session, context)
        report = lapses.current_report(
            session=session, actor_id=actor.id or 0, report_id=record_id(action)
        )
        return report, local_today(actor, now())

    found = act(context, report_and_today, refused=lambda: tell(respond, body, SCHEDULE_NOT_YOURS))
    if found is None:
        return
    report, today = found
    view = schedule_modal(
        report_user_id=report.slack_user_id,
        report_id=report.id or 0,
        suggested=lapses.plan_day(today),
        message_ts=(body.get("container") or {}).get("message_ts"),
    )
    client.views_open(trigger_id=body["trigger_id"], view=view)


def save_schedule(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """Save the day, then update the reminder in place and send the manager an invite."""
    report_id, message_ts = read_schedule_metadata(view.get("private_metadata", ""))
    now = deps_of(context).clock()

    def plan(session: Session) -> tuple[Person, bool, Planned]:
        actor = load_actor(session, context)
        fresh = first_submission(session, context, view, now=now)
        planned = lapses.schedule(
            session=session,
            actor_id=actor.id or 0,
            report_id=report_id,
            on=values(view).get(PLAN_FIELD),
            today=local_today(actor, now),
        )
        return actor, fresh, planned

    def refuse() -> None:
        logger.warning("Refused scheduling for report %s by a non-manager", report_id)
        ack(response_action="update", view=refused_modal())

    try:
        done = act(context, plan, refused=refuse)
    except lapses.Invalid as invalid:
        words = plan_problem(invalid.problem, latest=invalid.latest, days=invalid.ahead_days)
        ack(response_action="errors", errors={PLAN_FIELD: words})
        return
    if done is None:
        return
    actor, fresh, planned = done
    ack()
    if not fresh:
        return  # a replay: saved already, and the reminder and invite went out then
    try:
        # The DM's channel id: chat.update and the upload need it. Looking it up for the
        # actor (not trusting a channel from the payload) keeps the update to their own DM.
        channel = dm_channel(client, actor.slack_user_id)
        # The ts came from private_metadata (data): only a reminder about this report that the
        # bot sent this manager is rewritten, never another of the bot's messages.
        if message_ts and bot_message_in_dm(
            client,
            context,
            user_id=actor.slack_user_id,
            channel=channel,
            ts=message_ts,
            block_id=Ids.ACTIONS,
            value=str(report_id),
        ):
            text, blocks = scheduled_message(
                report_id=report_id, report_user_id=planned.report.slack_user_id, on=planned.on
            )
            update_now(client, channel=channel, ts=message_ts, text=text, blocks=blocks)
        _send_invite(client, channel, actor, planned, now=now)
    except (SlackClientError, OSError):
        logger.warning("Could not confirm the schedule for report %s in Slack", report_id)


def _send_invite(
    client: WebClient, channel: str, manager: Person, planned: Planned, *, now: datetime
) -> None:
    """An .ics for the planned conversation at 10:00 the manager's time, as the recap's is."""
    report = planned.report
    after = planned.after_conversation_id
    upload_invite(
        client,
        channel=channel,
        viewer=manager,
        people=(report, manager),
        on=planned.on,
        conversation_id=after or 0,
        comment=SCHEDULED_INVITE_COMMENT.format(
            report=report.slack_user_id, when=when_text(planned.on)
        ),
        now=now,
        uid=f"planned-{report.id}-{manager.id}-after-{after or 'joining'}@career-bot",
    )
