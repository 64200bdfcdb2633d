"""The Web API clients: the request client with slack_sdk's retries, and the outbox's, without.

Every client the bot builds is built here, on our base URL (SLACK_API_URL) and timeout.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.config import Settings

TIMEOUT_SECONDS = 10  # the request client's
OUTBOX_TIMEOUT_SECONDS = 10  # the outbox's clients', tried once each

# The Slack client for a workspace id; None when the bot holds no token for that workspace.
Clients = Callable[[int], WebClient | None]


class _TellingRateLimitHandler(RateLimitErrorRetryHandler):
    """slack_sdk's wait on a 429 for Retry-After seconds (plus up to one, as it does), told
    to `waiting` first: the CLI shows it on its progress bar."""

    def __init__(self, *, max_retry_count: int, waiting: Callable[[float], None]) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self._waiting = waiting

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        if response is None:
            raise error or RuntimeError("a rate-limit retry without a response")
        state.next_attempt_requested = True
        after = {key.lower(): values for key, values in response.headers.items()}.get("retry-after")
        duration = (int(after[0]) if after else 1) + random.random()
        self._waiting(duration)
        time.sleep(duration)
        state.increment_current_attempt()


def make_client(
    settings: Settings,
    *,
    token: str | None = None,
    on_rate_limit: Callable[[float], None] | None = None,
) -> WebClient:
    """A client that waits out 429s (Retry-After) and retries 5xx and dropped connections;
    `on_rate_limit` hears of each such wait, in seconds, before it starts.

    Sends from the outbox must not use this client: a retried chat.postMessage whose first
    attempt reached Slack posts twice, and the outbox decides about such sends itself.
    """
    rate_limits = (
        RateLimitErrorRetryHandler(max_retry_count=5)
        if on_rate_limit is None
        else _TellingRateLimitHandler(max_retry_count=5, waiting=on_rate_limit)
    )
    return WebClient(
        token=token or settings.bot_token,
        base_url=settings.slack_api_url,
        timeout=TIMEOUT_SECONDS,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            rate_limits,
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
