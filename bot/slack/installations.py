"""Installations in OAuth mode: slack_sdk's stores on our database, and each workspace's token.

The tables are slack_sdk's own (built by the stores' `build_*_table` classmethods), created by
our migration 0005 rather than by the stores' `create_tables`, so one `career-bot db upgrade`
makes every table and the start-up schema check covers them.
"""

from __future__ import annotations

from dataclasses import replace

from slack_sdk import WebClient
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import MetaData
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from bot.config import Settings
from bot.db import session_scope
from bot.models import Workspace
from bot.slack.client import Clients, outbox_client

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


def installation_store(settings: Settings, engine: Engine) -> SQLAlchemyInstallationStore:
    """Bot tokens per workspace, on our database (rows are keyed by our client id)."""
    if settings.client_id is None:
        raise ValueError("installations are stored only in OAuth mode (SLACK_CLIENT_ID)")
    return SQLAlchemyInstallationStore(client_id=settings.client_id, engine=engine)


def state_store(engine: Engine) -> SQLAlchemyOAuthStateStore:
    """One-time `state` values of install links, shared by every replica through the database."""
    return SQLAlchemyOAuthStateStore(expiration_seconds=STATE_EXPIRATION_SECONDS, engine=engine)


def bot_token_for(store: SQLAlchemyInstallationStore, *, slack_team_id: str) -> str | None:
    """The newest bot token of a workspace's installation; None once it was uninstalled."""
    bot = store.find_bot(enterprise_id=None, team_id=slack_team_id)
    return bot.bot_token if bot is not None else None


def installed_clients(settings: Settings, engine: Engine) -> Clients:
    """OAuth mode: workspace id -> an outbox client with its installation's bot token, or None
    for a workspace that has none (never installed, or uninstalled: its tokens were purged)."""
    store = installation_store(settings, engine)

    def lookup(workspace_id: int) -> WebClient | None:
        with session_scope(engine) as session:
            team_id = session.exec(
                select(Workspace.slack_team_id).where(
                    col(Workspace.id) == workspace_id, col(Workspace.uninstalled_at).is_(None)
                )
            ).first()
        token = bot_token_for(store, slack_team_id=team_id) if team_id else None
        return outbox_client(replace(settings, bot_token=token)) if token else None

    return lookup
