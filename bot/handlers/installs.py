"""A workspace installing the app, and `app_uninstalled` and `tokens_revoked`.

An install (the OAuth redirect, `bot.slack.oauth`) marks the workspace installed, again if it
had left. An uninstall forgets the workspace's tokens and stops its deliveries: in OAuth mode
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
from bot.services.workspaces.installs import record_install, record_uninstall


def on_installed(engine: Engine, clock: Clock) -> Callable[[Installation], None]:
    """What the OAuth redirect does once Bolt stored an installation: our workspace row."""

    def installed(installation: Installation) -> None:
        if installation.team_id:
            with session_scope(engine) as session:
                record_install(
                    session=session,
                    slack_team_id=installation.team_id,
                    now=clock(),
                    name=installation.team_name,
                    bot_user_id=installation.bot_user_id,
                )

    return installed


def register(app: App) -> None:
    def on_app_uninstalled(context: BoltContext) -> None:
        store = app.installation_store
        if store is not None:
            store.delete_all(enterprise_id=context.enterprise_id, team_id=context.team_id)
        _stop(context)

    def on_tokens_revoked(event: dict[str, Any], context: BoltContext) -> None:
        tokens = event.get("tokens") or {}
        store = app.installation_store
        if store is not None:
            for user_id in tokens.get("oauth") or []:
                store.delete_installation(
                    enterprise_id=context.enterprise_id, team_id=context.team_id, user_id=user_id
                )
        if not tokens.get("bot"):
            return  # only people's own tokens went; the bot still works
        if store is not None:
            # The installation rows carry the bot token too, not only the bots table.
            store.delete_all(enterprise_id=context.enterprise_id, team_id=context.team_id)
        _stop(context)

    app.event("app_uninstalled")(on_app_uninstalled)
    app.event("tokens_revoked")(on_tokens_revoked)


def _stop(context: BoltContext) -> None:
    if not context.team_id:
        return
    team_id, now = context.team_id, deps_of(context).clock
    unit(context, lambda s: record_uninstall(session=s, slack_team_id=team_id, now=now()))
