"""Refusing interaction payloads in shapes Slack never sends, before anything reads them."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltResponse

from bot.forms import malformed

logger = logging.getLogger(__name__)


def register(app: App) -> None:
    """Register first: a refused payload must not even create its sender's record."""
    app.middleware(refuse_malformed)


def refuse_malformed(body: dict[str, Any], next: Callable[[], BoltResponse]) -> BoltResponse:
    problem = malformed(body)
    if problem is None:
        return next()
    # A signed request Slack could not have sent: a client bug or someone holding the secret.
    logger.warning("Refused a malformed %s payload: %s", body.get("type"), problem)
    return BoltResponse(status=400, body="")
