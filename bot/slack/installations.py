"""Installations in OAuth mode: slack_sdk's stores on our database, and each workspace's token.

The tables are slack_sdk's own (built by the stores' `build_*_table` classmethods), created by
our migration 0005 rather than by the stores' `create_tables`, so one `career-bot db upgrade`
makes every table and the start-up schema check covers them.

`Installations` is slack_sdk's SQL installation store with two additions: a workspace of an
Enterprise Grid org finds the org-wide installation when it has none of its own, and
`fresh_bot` refreshes a rotating token before it expires (bot.slack.rotation). Every reader
of a token (Bolt's authorize for requests, the outbox, planners, the CLI) goes through it.
"""

from __future__ import annotations

from dataclasses import replace

from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Bot
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import MetaData
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from bot.clock import Clock, utcnow
from bot.config import Settings
from bot.db import read_scope
from bot.models import Workspace
from bot.slack.client import OUTBOX_TIMEOUT_SECONDS, Clients, outbox_client
from bot.slack.rotation import Refresh, Refreshed, fresh_bot

BOTS_TABLE = SQLAlchemyInstallationStore.default_bots_table_name
INSTALLATIONS_TABLE = SQLAlchemyInstallationStore.default_installations_table_name
STATES_TABLE = SQLAlchemyOAuthStateStore.default_table_name
# How long an install link stays valid: Bolt's default, the time to click "Allow".
STATE_EXPIRATION_SECONDS = 600


def oauth_metadata() -> MetaData:
    """The three tables slack_sdk's stores read and write, exactly as they define them."""
    metadata = MetaData()
    SQLAlchemyInstallationStore.build_installations_table(metadata, INSTALLATIONS_TABLE)
    SQLAlchemyInstallationStore.build_bots_table(metadata, BOTS_TABLE)
    SQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, STATES_TABLE)
    return metadata


class Installations(SQLAlchemyInstallationStore):
    """Bot tokens per installation on our database (rows keyed by our client id)."""

    def __init__(self, *, client_id: str, engine: Engine, refresh: Refresh, clock: Clock) -> None:
        super().__init__(client_id=client_id, engine=engine)
        self.refresh = refresh
        self.clock = clock

    def find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        """The workspace's own installation, else (Enterprise Grid) its org's org-wide one."""
        bot = super().find_bot(
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )
        if bot is None and enterprise_id is not None and team_id is not None:
            bot = super().find_bot(
                enterprise_id=enterprise_id, team_id=None, is_enterprise_install=True
            )
        return bot

    def fresh_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        """As find_bot, with a rotating token refreshed first when it is about to expire."""
        bot = self.find_bot(
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )
        if bot is None:
            return None
        return fresh_bot(self, bot, refresh=self.refresh, now=self.clock())


def slack_refresh(settings: Settings) -> Refresh:
    """oauth.v2.access with grant_type=refresh_token, tried once: the refresh token is single
    use, so a retry after a lost answer could only be refused."""
    assert settings.client_id is not None and settings.client_secret is not None
    client_id, client_secret = settings.client_id, settings.client_secret
    client = outbox_client(replace(settings, bot_token=None), timeout=OUTBOX_TIMEOUT_SECONDS)

    def refresh(refresh_token: str) -> Refreshed:
        answer = client.oauth_v2_access(
            client_id=client_id,
            client_secret=client_secret,
            grant_type="refresh_token",
            refresh_token=refresh_token,
        )
        return Refreshed(
            access_token=str(answer["access_token"]),
            refresh_token=str(answer["refresh_token"]),
            expires_in=int(answer["expires_in"]),
        )

    return refresh


def installation_store(
    settings: Settings, engine: Engine, *, clock: Clock = utcnow
) -> Installations:
    """Bot tokens per workspace or org, on our database, refreshed through Slack."""
    if settings.client_id is None:
        raise ValueError("installations are stored only in OAuth mode (SLACK_CLIENT_ID)")
    return Installations(
        client_id=settings.client_id, engine=engine, refresh=slack_refresh(settings), clock=clock
    )


def state_store(engine: Engine) -> SQLAlchemyOAuthStateStore:
    """One-time `state` values of install links, shared by every replica through the database."""
    return SQLAlchemyOAuthStateStore(expiration_seconds=STATE_EXPIRATION_SECONDS, engine=engine)


def bot_token_for(
    store: Installations, *, slack_team_id: str, enterprise_id: str | None = None
) -> str | None:
    """A workspace's bot token (its own installation's or its org's), refreshed if it was
    about to expire; None once it was uninstalled."""
    if enterprise_id is None:  # the org the workspace row remembers, if any
        with read_scope(store.engine) as session:
            enterprise_id = session.exec(
                select(Workspace.slack_enterprise_id).where(
                    col(Workspace.slack_team_id) == slack_team_id
                )
            ).first()
    bot = store.fresh_bot(enterprise_id=enterprise_id, team_id=slack_team_id)
    if bot is None and enterprise_id is None:  # installed in a Grid workspace, org not yet known
        bot = _any_enterprise(store, slack_team_id)
    return bot.bot_token if bot is not None else None


def _any_enterprise(store: Installations, team_id: str) -> Bot | None:
    c = store.bots.c
    with store.engine.connect() as connection:
        enterprise = connection.execute(
            store.bots.select()
            .with_only_columns(c.enterprise_id)
            .where(c.client_id == store.client_id, c.team_id == team_id, c.bot_token.is_not(None))
            .order_by(c.installed_at.desc())
            .limit(1)
        ).scalar()
    if enterprise is None:
        return None
    return store.fresh_bot(enterprise_id=enterprise, team_id=team_id)


def installed_clients(settings: Settings, engine: Engine, *, clock: Clock = utcnow) -> Clients:
    """OAuth mode: workspace id -> an outbox client with its installation's bot token (fresh:
    refreshed first when it was about to expire), or None for a workspace that has none
    (never installed, or uninstalled: its tokens were purged)."""
    store = installation_store(settings, engine, clock=clock)

    def lookup(workspace_id: int) -> WebClient | None:
        with read_scope(engine) as session:
            found = session.exec(
                select(Workspace.slack_team_id, Workspace.slack_enterprise_id).where(
                    col(Workspace.id) == workspace_id, col(Workspace.uninstalled_at).is_(None)
                )
            ).first()
        if found is None:
            return None
        team_id, enterprise_id = found
        token = bot_token_for(store, slack_team_id=team_id, enterprise_id=enterprise_id)
        return outbox_client(replace(settings, bot_token=token)) if token else None

    return lookup
