"""A workspace installing the app, and `app_uninstalled` and `tokens_revoked`.

An install (the OAuth redirect, `bot.slack.oauth`) marks the workspace installed, again if it
had left; an org-wide install (Enterprise Grid) has no workspace of its own: its workspaces
appear as their people use the app (`handlers.common.grid`), and those already known are
active again.
An uninstall forgets the workspace's tokens and stops its deliveries: in OAuth mode
the installation store loses that workspace's rows; in either mode the workspace is marked
uninstalled and its pending outbox rows end dead, since Slack would refuse every one of them
(token_revoked).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy.engine import Engine

from bot.clock import Clock
from bot.db import session_scope
from bot.deps import deps_of
from bot.handlers.common.acting import unit
from bot.services.workspaces.installs import (
    record_install,
    record_org_install,
    record_org_uninstall,
    record_uninstall,
)


def on_installed(engine: Engine, clock: Clock) -> Callable[[Installation], None]:
    """What the OAuth redirect does once Bolt stored an installation: our workspace row."""

    def installed(installation: Installation) -> None:
        with session_scope(engine) as session:
            if installation.is_enterprise_install and installation.enterprise_id:
                record_org_install(
                    session=session, enterprise_id=installation.enterprise_id, now=clock()
                )
            elif installation.team_id:
                record_install(
                    session=session,
                    slack_team_id=installation.team_id,
                    now=clock(),
                    name=installation.team_name,
                    bot_user_id=installation.bot_user_id,
                    enterprise_id=installation.enterprise_id,
                )

    return installed


def register(app: App) -> None:
    def on_app_uninstalled(context: BoltContext) -> None:
        store = app.installation_store
        if store is not None:
            store.delete_all(enterprise_id=context.enterprise_id, team_id=_installed_team(context))
        _stop(context)

    def on_tokens_revoked(event: dict[str, Any], context: BoltContext) -> None:
        tokens = event.get("tokens") or {}
        store = app.installation_store
        if store is not None:
            for user_id in tokens.get("oauth") or []:
                store.delete_installation(
                    enterprise_id=context.enterprise_id,
                    team_id=_installed_team(context),
                    user_id=user_id,
                )
        if not tokens.get("bot"):
            return  # only people's own tokens went; the bot still works
        if store is not None:
            # The installation rows carry the bot token (and the refresh token) too.
            store.delete_all(enterprise_id=context.enterprise_id, team_id=_installed_team(context))
        _stop(context)

    app.event("app_uninstalled")(on_app_uninstalled)
    app.event("tokens_revoked")(on_tokens_revoked)


def _installed_team(context: BoltContext) -> str | None:
    """The team id the installation's rows carry: none for an org-wide install."""
    return None if context.is_enterprise_install else context.team_id


def _stop(context: BoltContext) -> None:
    now = deps_of(context).clock
    enterprise_id = context.enterprise_id
    if context.is_enterprise_install and enterprise_id:
        unit(
            context,
            lambda s: record_org_uninstall(session=s, enterprise_id=enterprise_id, now=now()),
        )
        return
    if not context.team_id:
        return
    team_id = context.team_id
    unit(context, lambda s: record_uninstall(session=s, slack_team_id=team_id, now=now()))
