"""The Bolt app factory. Nothing happens at import time."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk import WebClient
from sqlalchemy.engine import Engine

from bot.clock import Clock, utcnow
from bot.config import Settings
from bot.deps import Deps
from bot.handlers import commands, errors, home, middleware
from bot.slack_client import make_client

HANDLER_MODULES = (commands, home, errors)


def build_app(
    settings: Settings,
    *,
    engine: Engine,
    clock: Clock = utcnow,
    client: WebClient | None = None,
    socket_mode: bool = False,
) -> App:
    """A Bolt app wired to our database and our Web API client.

    In HTTP mode every request's signature is verified; Socket Mode has no signatures.
    """
    app = App(
        client=client or make_client(settings),
        signing_secret=settings.signing_secret or "",
        request_verification_enabled=not socket_mode,
        logger=logging.getLogger("bot"),
    )
    middleware.register(app, Deps(settings=settings, engine=engine, clock=clock))
    for module in HANDLER_MODULES:
        module.register(app)
    return app
