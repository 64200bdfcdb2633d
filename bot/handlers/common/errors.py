"""The one error handler: log the failure, tell the person in plain words."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.context.respond import Respond

from bot.blocks.replies import SORRY
from bot.deps import VERIFIED


def register(app: App) -> None:
    app.error(on_error)


def on_error(
    error: Exception,
    body: dict[str, Any],
    request: BoltRequest,
    logger: logging.Logger,
    respond: Respond | None,
) -> BoltResponse:
    logger.exception("Unhandled error for a %s request", body.get("type") or "slash command")
    if respond is not None and body.get("response_url") and _authentic(request):
        try:
            respond(text=SORRY, response_type="ephemeral", replace_original=False)
        except Exception:  # the apology itself must never mask the original failure
            logger.warning("Could not tell the user about the error", exc_info=True)
    return BoltResponse(status=500, body="")


def _authentic(request: BoltRequest) -> bool:
    """Whether the request came from Slack: its response_url is then Slack's, not anyone's.

    Socket Mode requests arrive over the app's own authenticated connection; HTTP ones are
    trusted only once the HTTP entry has verified their signature.
    """
    return request.mode == "socket_mode" or request.context.get(VERIFIED) is True
