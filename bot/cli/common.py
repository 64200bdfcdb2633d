"""What every `career-bot` command shares: exit codes, settings, the ready database, Slack."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TypeAlias

from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy.engine import Engine

from bot.config import ConfigError, Settings
from bot.db import make_engine
from bot.schema import check_current
from bot.slack.lookup import SlackUnavailable
from bot.slack.scopes import granted, missing_for_settings

OK, REJECTED, CONFIG = 0, 1, 2
WORKSPACE_HELP = "with OAuth installs (SLACK_CLIENT_ID): the Slack team id of the workspace"

Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""The `career-bot` subcommands; each command group adds its own with `register`."""


SLACK_TOKEN = (
    "SLACK_BOT_TOKEN (or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET, for installs in several "
    "workspaces)"
)


def needs(*names: str) -> str:
    """A command's `--help` epilog: the environment variables it reads."""
    listed = ", ".join((*names, "DATABASE_URL (default: career-bot.db here)"))
    return f"Needs: {listed}. README.md, Configuration, says where to get each."


def load_settings(*require: str) -> Settings:
    """Settings from the environment, requiring `require`; logging set to their level."""
    settings = Settings.from_env(require=require)
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if settings.log_level != "DEBUG":
        # Alembic says which dialect it uses each time the schema is checked, on every command;
        # `db upgrade` prints what it did itself.
        logging.getLogger("alembic").setLevel(logging.WARNING)
    return settings


def slack_settings(*require: str) -> Settings:
    """Settings for a command that calls Slack: SLACK_BOT_TOKEN, unless OAuth installs hold
    the tokens (SLACK_CLIENT_ID and SLACK_CLIENT_SECRET)."""
    settings = load_settings(*require)
    return settings if settings.oauth else load_settings("SLACK_BOT_TOKEN", *require)


@contextmanager
def ready_engine(settings: Settings) -> Iterator[Engine]:
    """The database, checked to be at the newest schema; closed when the command ends."""
    engine = make_engine(settings.database_url)
    try:
        check_current(engine)
        yield engine
    finally:
        engine.dispose()


def acting_in(settings: Settings, engine: Engine, workspace: str | None) -> Settings:
    """Settings whose bot token acts in one workspace: SLACK_BOT_TOKEN's, or with OAuth the
    installation of `--workspace`."""
    # Imported here, not above, to keep `career-bot` quick to start: only org and team need it.
    from bot.slack.installations import bot_token_for, installation_store

    if not settings.oauth:
        if workspace is not None:
            raise ConfigError(
                "--workspace picks an installation when SLACK_CLIENT_ID is set; "
                "SLACK_BOT_TOKEN already belongs to one workspace, so leave --workspace out"
            )
        return settings
    if workspace is None:
        raise ConfigError(
            "with SLACK_CLIENT_ID set the app may be installed in several workspaces: say which "
            "with --workspace T0123ABCD (the Slack team id of an installation)"
        )
    token = bot_token_for(installation_store(settings, engine), slack_team_id=workspace)
    if token is None:
        raise ConfigError(
            f"the app is not installed in workspace {workspace}: install it there through "
            "/slack/install on your server first"
        )
    return replace(settings, bot_token=token)


def in_workspace(workspace: str | None, act: Callable[[Settings, Engine, str], int]) -> int:
    """Run a command that writes to one workspace: `act(settings, engine, team_id)` with the
    ready database, the settings acting in `--workspace` and the team id its token belongs to."""
    settings = slack_settings()
    with ready_engine(settings) as engine:
        settings = acting_in(settings, engine, workspace)
        return act(settings, engine, check_token(settings))


def check_token(settings: Settings) -> str:
    """The Slack team id the bot token belongs to; a clear error if Slack refuses it, and a
    warning for each configured feature whose scope the token lacks (`x-oauth-scopes`)."""
    # Imported here to keep start-up quick for the commands that never call Slack.
    from bot.slack.client import make_client

    try:
        reply = make_client(settings).auth_test()
    except SlackApiError as error:
        code = error.response.get("error")
        raise SlackUnavailable(
            f"Slack refused SLACK_BOT_TOKEN ({code}): copy the Bot User OAuth Token again "
            "from your Slack app's OAuth & Permissions page"
        ) from None
    except (SlackClientError, OSError) as error:
        raise SlackUnavailable(
            f"cannot reach Slack at {settings.slack_api_url} ({error}): check your network "
            "or SLACK_API_URL"
        ) from None
    scopes = granted(reply.headers)
    for problem in missing_for_settings(settings, scopes) if scopes is not None else []:
        print(f"career-bot: warning: {problem}", file=sys.stderr)
    return str(reply["team_id"])


def fail(message: str, code: int) -> int:
    """Say what went wrong on stderr; `code` is the exit code."""
    print(f"career-bot: {message}", file=sys.stderr)
    return code
