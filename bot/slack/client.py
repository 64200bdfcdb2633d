"""The Web API clients: the request client with slack_sdk's retries, and the outbox's, without.

Every client the bot builds is built here, on our base URL (SLACK_API_URL) and timeout.
"""

from __future__ import annotations

from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.config import Settings

TIMEOUT_SECONDS = 10  # the request client's
OUTBOX_TIMEOUT_SECONDS = 10  # the outbox's clients', tried once each

# The Slack client for a workspace id; None when the bot holds no token for that workspace.
Clients = Callable[[int], WebClient | None]


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


def outbox_client(settings: Settings, *, timeout: float = OUTBOX_TIMEOUT_SECONDS) -> WebClient:
    """A client that never retries on its own: the outbox decides after each single try.

    slack_sdk installs a connection-error retry handler unless given an empty list.
    """
    return WebClient(
        token=settings.bot_token,
        base_url=settings.slack_api_url,
        timeout=timeout,  # type: ignore[arg-type]  # annotated int; urllib takes any number
        retry_handlers=[],
    )


def outbox_twin(client: WebClient) -> WebClient:
    """The request's workspace and token (OAuth: its installation's), as an outbox client.

    The request client retries dropped connections and 5xx on its own, which could post a
    message twice; the outbox client tries once and lets the dispatcher look before resending.
    """
    return WebClient(
        token=client.token,
        base_url=client.base_url,
        timeout=OUTBOX_TIMEOUT_SECONDS,
        retry_handlers=[],
    )


def one_client(client: WebClient) -> Clients:
    """The single-token install: one client for every workspace."""
    return lambda _workspace_id: client
