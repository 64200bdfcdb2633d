"""The Web API client every part of the bot uses: our base URL and slack_sdk's retries."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.config import Settings

TIMEOUT_SECONDS = 10


def make_client(settings: Settings, *, token: str | None = None) -> WebClient:
    """A client that waits out 429s (Retry-After) and retries 5xx and dropped connections.

    Sends from the outbox must not use this client: a retried chat.postMessage whose first
    attempt reached Slack posts twice, and the outbox decides about such sends itself.
    """
    return WebClient(
        token=token or settings.bot_token,
        base_url=settings.slack_api_url,
        timeout=TIMEOUT_SECONDS,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=5),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    )
