"""Rotating tokens: an installation's bot token refreshed before it expires, once across replicas.

With token rotation on (the app's manifest: `token_rotation_enabled`), Slack's access tokens
live 12 hours and come with a refresh token; oauth.v2.access with grant_type=refresh_token
trades the refresh token for a new pair, and Slack revokes the refresh token that was used.
Two replicas refreshing at once would both send the same refresh token: one gets the new pair,
the other `invalid_refresh_token`, and if the loser's write landed last the installation would
keep a revoked refresh token and stop working 12 hours later.

So a refresh happens under a lock on the installation's row (SQLite: the write lock, taken at
BEGIN IMMEDIATE; Postgres: SELECT … FOR UPDATE), re-reads the row under it, and only calls
Slack if the token it finds is still expiring: the second replica waits, then finds the token
the first stored. The write is also a compare-and-set on the refresh token it used.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.oauth.installation_store import Bot
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from sqlalchemy import and_, desc, select, update

from bot.db import session_scope

# Bolt's default (token_rotation_expiration_minutes): refresh once less than 2 hours are left,
# so a Slack outage at refresh time still leaves the current token working for a while.
REFRESH_BEFORE = timedelta(minutes=120)
logger = logging.getLogger("bot.slack.rotation")


@dataclass(frozen=True)
class Refreshed:
    """What oauth.v2.access answered to a refresh."""

    access_token: str
    refresh_token: str
    expires_in: int


# Trades a refresh token for a new pair (oauth.v2.access, grant_type=refresh_token).
Refresh = Callable[[str], Refreshed]


def expiring(bot: Bot, now: datetime) -> bool:
    """Whether the bot's token expires within REFRESH_BEFORE (never, without rotation)."""
    expires_at = bot.bot_token_expires_at
    return (
        expires_at is not None
        and bot.bot_refresh_token is not None
        and (datetime.fromtimestamp(expires_at, UTC) - now < REFRESH_BEFORE)
    )


def fresh_bot(
    store: SQLAlchemyInstallationStore,
    bot: Bot,
    *,
    refresh: Refresh,
    now: datetime,
) -> Bot | None:
    """`bot` (the newest row of an installation), refreshed first if its token is expiring.

    None when the installation went away meanwhile (uninstalled). A failed refresh keeps the
    current token while it still works, and raises once it has expired.
    """
    if not expiring(bot, now):
        return bot
    table, c = store.bots, store.bots.c
    with session_scope(store.engine) as session:  # SQLite: BEGIN IMMEDIATE, the write lock
        row = (
            session.execute(
                select(table)
                .where(
                    and_(
                        c.client_id == store.client_id,
                        c.enterprise_id == bot.enterprise_id,
                        c.team_id == bot.team_id,
                        c.bot_token.is_not(None),
                    )
                )
                .order_by(desc(c.installed_at))
                .limit(1)
                .with_for_update()  # Postgres: another refresher waits here until we commit
            )
            .mappings()
            .first()
        )
        if row is None:
            return None
        current = store.build_bot_entity(row)
        if not expiring(current, now):
            return current  # refreshed by another process while we waited for the lock
        assert current.bot_refresh_token is not None
        try:
            answer = refresh(current.bot_refresh_token)
        except (SlackApiError, SlackClientError, OSError) as error:
            assert current.bot_token_expires_at is not None
            if datetime.fromtimestamp(current.bot_token_expires_at, UTC) > now:
                logger.warning("token refresh failed, the current token still works: %s", error)
                return current
            raise
        expires_at = (now + timedelta(seconds=answer.expires_in)).astimezone(UTC)
        values: dict[str, Any] = {
            "bot_token": answer.access_token,
            "bot_refresh_token": answer.refresh_token,
            "bot_token_expires_at": expires_at.replace(tzinfo=None),
        }
        for each in (store.bots, store.installations):  # the installation rows carry it too
            session.execute(
                update(each)
                .where(
                    and_(
                        each.c.client_id == store.client_id,
                        each.c.enterprise_id == bot.enterprise_id,
                        each.c.team_id == bot.team_id,
                        each.c.bot_refresh_token == current.bot_refresh_token,
                    )
                )
                .values(**values)
            )
    logger.info("refreshed the bot token of %s", bot.team_id or bot.enterprise_id)
    return store.build_bot_entity({**row, **values})
