"""The one error handler: log the failure, tell the person in plain words."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltResponse
from slack_bolt.context.respond import Respond

SORRY = (
    "Sorry, something went wrong on my side and nothing was changed. "
    "Please try again in a minute; if it keeps happening, tell whoever runs this bot."
)


def register(app: App) -> None:
    app.error(on_error)


def on_error(
    error: Exception, body: dict[str, Any], logger: logging.Logger, respond: Respond | None
) -> BoltResponse:
    logger.exception("Unhandled error for a %s request", body.get("type") or "slash command")
    if respond is not None and body.get("response_url"):
        try:
            respond(text=SORRY, response_type="ephemeral", replace_original=False)
        except Exception:  # the apology itself must never mask the original failure
            logger.warning("Could not tell the user about the error", exc_info=True)
    return BoltResponse(status=500, body="")
