"""One send from the outbox and what its outcome means for the row.

`chat.postMessage` has no idempotency key, so every failure is sorted by one question: could
Slack have posted the message? urllib raises `URLError` only while connecting or writing the
request (refused, DNS, TLS, a write timeout), before Slack could act on a whole request: safe
to send again. Once the request is written, a dropped connection (`RemoteDisconnected`,
`ConnectionResetError`), a read timeout or a garbled answer may follow a posted message: the
outcome is unknown and a person decides. Slack's own `fatal_error`/`internal_error` answers
say "some aspect of the operation may have succeeded": unknown too.
"""

from __future__ import annotations

import http.client
import logging
from dataclasses import dataclass
from enum import Enum
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from bot.config import Settings

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10

# Answers that mean "not now" and nothing was posted (HTTP 200 with ok=false).
TRANSIENT_ERRORS = frozenset(
    {
        "service_unavailable",
        "request_timeout",
        "team_added_to_org",
        "org_login_required",
        "message_limit_exceeded",
    }
)
RATE_LIMITED_ERRORS = frozenset({"ratelimited", "rate_limited"})
MAYBE_POSTED_ERRORS = frozenset({"fatal_error", "internal_error"})
# Every other error code is permanent (user_not_found, account_inactive, channel_not_found,
# not_in_channel, token_revoked, invalid_auth, is_archived, invalid_blocks, msg_too_long, ...):
# Slack refused this message and would refuse it again.


class Verdict(Enum):
    SENT = "sent"
    RATE_LIMITED = "rate_limited"  # nothing posted; the workspace waits for Retry-After
    RETRY = "retry"  # nothing posted; back off and try again
    DEAD = "dead"  # Slack refuses this message for good
    UNKNOWN = "unknown"  # may have been posted: never sent again without a person


@dataclass(frozen=True)
class Outcome:
    verdict: Verdict
    reason: str = ""
    channel: str | None = None
    ts: str | None = None
    retry_after: float | None = None  # seconds, from the Retry-After header of a 429


def outbox_client(settings: Settings, *, timeout: float = TIMEOUT_SECONDS) -> WebClient:
    """A client that never retries on its own: the outbox decides after each single try.

    slack_sdk installs a connection-error retry handler unless given an empty list.
    """
    return WebClient(
        token=settings.bot_token,
        base_url=settings.slack_api_url,
        timeout=timeout,  # type: ignore[arg-type]  # annotated int; urllib takes any number
        retry_handlers=[],
    )


def post(client: WebClient, payload: dict[str, Any], *, recipient: str) -> Outcome:
    """Send one outbox payload once, and classify what happened."""
    blocks = payload.get("blocks") or None
    try:
        reply = client.chat_postMessage(
            channel=payload.get("channel") or recipient,
            text=payload["text"],
            blocks=blocks,
            unfurl_links=False,
        )
    except SlackApiError as error:
        return _refused(error.response)
    except URLError as error:  # connecting or writing the request failed: nothing arrived
        return Outcome(Verdict.RETRY, f"could not reach Slack: {error.reason}")
    except (OSError, http.client.HTTPException) as error:  # after the request went out
        return Outcome(Verdict.UNKNOWN, f"no answer after sending: {_describe(error)}")
    except Exception as error:
        # A failure we cannot place may have followed a post; it must not be resent blindly.
        logger.exception("outbox send failed in an unexpected way")
        return Outcome(Verdict.UNKNOWN, f"unexpected failure: {_describe(error)}")
    return Outcome(Verdict.SENT, channel=str(reply["channel"]), ts=str(reply["ts"]))


def _refused(response: SlackResponse) -> Outcome:
    error = str(response.get("error") or f"HTTP {response.status_code}")
    if response.status_code == 429 or error in RATE_LIMITED_ERRORS:
        return Outcome(Verdict.RATE_LIMITED, error, retry_after=_retry_after(response))
    if response.status_code >= 500 or error in TRANSIENT_ERRORS:
        return Outcome(Verdict.RETRY, f"HTTP {response.status_code} {error}")
    if error in MAYBE_POSTED_ERRORS:
        return Outcome(Verdict.UNKNOWN, f"Slack answered {error}: the message may have posted")
    return Outcome(Verdict.DEAD, error)


def _retry_after(response: SlackResponse) -> float | None:
    headers = response.headers or {}
    raw = headers.get("Retry-After") or headers.get("retry-after")
    if isinstance(raw, list):
        raw = raw[0] if raw else None
    try:
        return max(0.0, float(raw)) if raw is not None else None
    except ValueError:
        return None


def _describe(error: BaseException) -> str:
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
