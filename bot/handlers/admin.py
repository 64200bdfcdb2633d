"""`/career-prep admin`: workspace settings, for workspace admins only.

Admin status is read from Slack (`users.info` of whoever sent the request) on every open and
every submit, never from the payload: a forged submission from a non-admin changes nothing.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.blocks.admin import ONLY_ADMINS, admin_modal, refused_modal, saved_modal
from bot.blocks.command_words import COMMAND
from bot.blocks.ids import Admin as Ids
from bot.blocks.replies import admin_errors
from bot.deps import deps_of
from bot.forms import values
from bot.handlers.common.acting import unit
from bot.handlers.common.routing import load_actor, subcommand
from bot.models import Person
from bot.services.org import admin


def register(app: App) -> None:
    app.command(COMMAND, matchers=[subcommand("admin")])(open_admin)
    app.view_submission(Ids.MODAL)(save_admin)


def open_admin(
    ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
) -> None:
    ack()

    def actor_and_current(session: Session) -> tuple[Person, admin.AdminSettings]:
        actor = load_actor(session, context)
        return actor, admin.current(session=session, admin=actor)

    actor, current = unit(context, actor_and_current)
    if not _may_administer(client, context, actor):
        respond(text=ONLY_ADMINS, response_type="ephemeral")
        return
    client.views_open(trigger_id=body["trigger_id"], view=admin_modal(current))


def save_admin(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    fields = values(view)
    admins = fields.get("admins") or []
    form = admin.AdminSettings(
        cadence=_text(fields, "cadence") or "",
        quiet_start=_text(fields, "quiet_start"),
        quiet_end=_text(fields, "quiet_end"),
        digest_weekday=_text(fields, "digest_weekday"),
        digest_hour=_text(fields, "digest_hour"),
        min_group_size=_text(fields, "min_group_size"),
        weekly_nudge_cap=_text(fields, "weekly_nudge_cap"),
        retention_months=_text(fields, "retention_months"),
        admin_user_ids=[str(a) for a in admins] if isinstance(admins, list) else [str(admins)],
        away_words=_text(fields, "away_words"),
    )
    actor = unit(context, lambda s: load_actor(s, context))
    if not _may_administer(client, context, actor):
        ack(response_action="update", view=refused_modal())
        return
    errors = admin_errors(admin.problems(form), limits=admin.LIMITS)
    if errors:
        ack(response_action="errors", errors=errors)
        return
    now = deps_of(context).clock
    unit(
        context, lambda s: admin.save(session=s, admin=load_actor(s, context), form=form, now=now())
    )
    ack(response_action="update", view=saved_modal())


def _may_administer(client: WebClient, context: BoltContext, actor: Person) -> bool:
    """On our own admin list, or (only then asked) a Slack admin or owner right now."""
    return admin.may_administer(actor, slack_admin=False) or _slack_admin(client, context)


def _slack_admin(client: WebClient, context: BoltContext) -> bool:
    """Whether Slack calls the sender a workspace admin or owner, asked now (not cached).

    The user id is the signed request's sender; when Slack cannot answer, the answer is no.
    """
    try:
        user = client.users_info(user=str(context.user_id))["user"]
    except SlackApiError:
        return False
    return bool(user.get("is_admin") or user.get("is_owner"))


def _text(fields: dict[str, Any], name: str) -> str | None:
    """A submitted value as text; a forged payload may put any JSON type there."""
    value = fields.get(name)
    return None if value is None else str(value)
