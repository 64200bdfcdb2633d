"""The Bolt app factory. Nothing happens at import time."""

from __future__ import annotations

import logging
from concurrent.futures import Executor, ThreadPoolExecutor

from slack_bolt import App
from slack_sdk import WebClient
from sqlalchemy.engine import Engine

from bot.clock import Clock, utcnow
from bot.config import Settings
from bot.deps import Deps
from bot.handlers import (
    commands,
    errors,
    followups,
    goals,
    guide,
    history,
    home,
    lapses,
    log,
    middleware,
    prep,
    recaps,
    settings,
    skills,
)
from bot.slack_client import make_client

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
    """
    app = App(
        client=client or make_client(config),
        signing_secret=config.signing_secret or "",
        request_verification_enabled=not socket_mode,
        logger=logging.getLogger("bot"),
        # Listeners run after ack; a burst of clicks should not queue behind five threads.
        listener_executor=listener_executor or ThreadPoolExecutor(max_workers=LISTENER_THREADS),
    )
    middleware.register(app, Deps(settings=config, engine=engine, clock=clock))
    for module in HANDLER_MODULES:
        module.register(app)
    return app
