"""The Bolt app factory. Nothing happens at import time."""

from __future__ import annotations

import logging
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import replace

from slack_bolt import App
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk import WebClient
from sqlalchemy.engine import Engine

from bot.clock import Clock, utcnow
from bot.config import Settings
from bot.deps import Deps
from bot.handlers import (
    admin,
    commands,
    data_rights,
    followups,
    goals,
    guide,
    handover,
    history,
    home,
    installs,
    lapses,
    log,
    prep,
    recaps,
    settings,
    skills,
    zones,
)
from bot.handlers.common import errors, grid, middleware, submissions
from bot.slack.authorize import FreshAuthorize
from bot.slack.client import make_client
from bot.slack.installations import installation_store
from bot.slack.oauth import oauth_settings

# Feature modules register their `/career-prep WORD` listeners before `commands`, whose
# catch-all answers every other word with help: Bolt runs the first listener that matches.
LISTENER_THREADS = 16
HANDLER_MODULES = (
    prep,
    guide,
    goals,
    skills,
    settings,
    home,
    log,
    recaps,
    followups,
    history,
    lapses,
    zones,
    admin,
    data_rights,
    installs,
    handover,
    commands,
    errors,
)


def build_app(
    config: Settings,
    *,
    engine: Engine,
    clock: Clock = utcnow,
    client: WebClient | None = None,
    socket_mode: bool = False,
    listener_executor: Executor | None = None,
) -> App:
    """A Bolt app wired to our database and our Web API client.

    In HTTP mode every request's signature is verified; Socket Mode has no signatures.
    With OAuth configured (HTTP mode only), each request is authorised with the bot token of
    its workspace's installation instead of the one SLACK_BOT_TOKEN.
    """
    oauth = config.oauth and not socket_mode
    # OAuth: tokens per installation, refreshed before they expire when rotation is on.
    store = installation_store(config, engine, clock=clock) if oauth else None
    _quiet_token_notice()
    listeners = listener_executor or ThreadPoolExecutor(max_workers=LISTENER_THREADS)
    app = App(
        # Bolt sets each request's token itself in OAuth mode; the shared client carries none.
        client=client or make_client(replace(config, bot_token=None) if oauth else config),
        signing_secret=config.signing_secret or "",
        request_verification_enabled=not socket_mode,
        logger=logging.getLogger("bot"),
        # Listeners run after ack; a burst of clicks should not queue behind five threads.
        listener_executor=listeners,
        # Bolt takes an Authorize instance as is (it is annotated as a plain callable).
        authorize=FreshAuthorize(store) if store is not None else None,  # type: ignore[arg-type]
        oauth_settings=(
            oauth_settings(
                config, engine=engine, store=store, installed=installs.on_installed(engine, clock)
            )
            if store is not None
            else None
        ),
    )
    grid.register(app, engine=engine, clock=clock)  # first: the others read the workspace
    submissions.register(app)
    middleware.register(
        app, Deps(settings=config, engine=engine, clock=clock), after_response=listeners
    )
    for module in HANDLER_MODULES:
        module.register(app)
    return app


class _TokenNotice(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN itself and, since we hand it our own client, warns on every
    start that the token "will be unused". It is used: our client carries it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


def _quiet_token_notice() -> None:
    bolt = logging.getLogger("bot")  # the logger Bolt is given, and warns on
    if not any(isinstance(known, _TokenNotice) for known in bolt.filters):
        bolt.addFilter(_TokenNotice())
