"""One send from the outbox, one look-up of whether a send arrived, and what each means.

`chat.postMessage` has no idempotency key, so every failure is sorted by one question: could
Slack have posted the message? urllib raises `URLError` only while connecting or writing the
request (refused, DNS, TLS, a write timeout), before Slack could act on a whole request: safe
to send again. Once the request is written, a dropped connection (`RemoteDisconnected`,
`ConnectionResetError`), a read timeout or a garbled answer may follow a posted message, and
Slack's own `fatal_error`/`internal_error` answers say "some aspect of the operation may have
succeeded": the outcome is unconfirmed.

An unconfirmed send is never repeated blindly. Every outbox post carries message metadata
naming its delivery id, so with the history check on (SLACK_HISTORY_CHECK, the `*:history`
scopes) `find_posted` can read the conversation's recent history and say whether Slack holds it
(then its `ts` is recorded) or not (then sending again is safe). With the check off (the
default), or when even that look-up cannot answer for good (a scope missing, the channel gone),
a person decides (`career-bot deliveries list --unknown`).
"""

from __future__ import annotations

import http.client
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

logger = logging.getLogger(__name__)

EVENT_TYPE = "career_bot_delivery"  # the metadata event type every outbox post carries
# Our clock and Slack's may disagree a little: the look-up window is this much wider each way.
CLOCK_MARGIN = timedelta(minutes=1)
# conversations.history pages: 15 is the most a non-Marketplace app may ask for (Slack's
# conversations.history docs, since 2025-05-29); a DM holds few messages in minutes anyway.
HISTORY_PAGE = 15
HISTORY_PAGES = 4

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
    SENT = "sent"  # posted, with its channel and ts
    FOUND = "found"  # an unconfirmed send, looked up: Slack holds it (channel and ts)
    RATE_LIMITED = "rate_limited"  # nothing posted; the workspace waits for Retry-After
    RETRY = "retry"  # nothing posted; back off and try again
    DEAD = "dead"  # Slack refuses this message for good
    MAYBE_SENT = "maybe_sent"  # the answer was lost: look before sending again
    NOT_POSTED = "not_posted"  # looked: Slack does not hold it, sending again is safe
    CHECK_AGAIN = "check_again"  # the look-up failed for now: look again later
    CHECK_LATER = "check_later"  # the look-up got a 429: look again after its Retry-After
    UNKNOWN = "unknown"  # the look-up cannot answer: a person checks Slack


@dataclass(frozen=True)
class Outcome:
    verdict: Verdict
    reason: str = ""
    channel: str | None = None
    ts: str | None = None
    retry_after: float | None = None  # seconds, from the Retry-After header of a 429


def update_now(
    client: WebClient, *, channel: str, ts: str, text: str, blocks: list[dict[str, Any]]
) -> None:
    """Edit a message already posted; chat.update is idempotent, so it skips the outbox."""
    client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)


def metadata_for(delivery_id: int) -> dict[str, Any]:
    """The message metadata that lets `find_posted` recognise this delivery's message."""
    return {"event_type": EVENT_TYPE, "event_payload": {"delivery_id": delivery_id}}


def post(
    client: WebClient, payload: dict[str, Any], *, recipient: str, delivery_id: int
) -> Outcome:
    """Send one outbox payload once, and classify what happened."""
    blocks = payload.get("blocks") or None
    try:
        reply = client.chat_postMessage(
            channel=payload.get("channel") or recipient,
            text=payload["text"],
            blocks=blocks,
            unfurl_links=False,
            metadata=metadata_for(delivery_id),
        )
    except SlackApiError as error:
        pictures = [b for b in blocks or [] if b.get("type") == "image" and "slack_file" in b]
        if pictures and error.response.get("error") == "invalid_blocks":
            # A chart's file Slack will not show (still processing, or deleted): nothing was
            # posted, so the message goes again without the picture; its text says the same.
            rest = [b for b in blocks or [] if b not in pictures]
            return post(
                client, {**payload, "blocks": rest}, recipient=recipient, delivery_id=delivery_id
            )
        return _refused(error.response)
    except URLError as error:  # connecting or writing the request failed: nothing arrived
        return Outcome(Verdict.RETRY, f"could not reach Slack: {error.reason}")
    except (OSError, http.client.HTTPException) as error:  # after the request went out
        return Outcome(Verdict.MAYBE_SENT, f"no answer after sending: {_describe(error)}")
    except Exception as error:
        # A failure we cannot place may have followed a post; it must not be resent blindly.
        logger.exception("outbox send failed in an unexpected way")
        return Outcome(Verdict.MAYBE_SENT, f"unexpected failure: {_describe(error)}")
    return Outcome(Verdict.SENT, channel=str(reply["channel"]), ts=str(reply["ts"]))


def find_posted(
    client: WebClient,
    payload: dict[str, Any],
    *,
    recipient: str,
    delivery_id: int,
    since: datetime,
    within: timedelta,
) -> Outcome:
    """Whether Slack holds the message of a send started at `since` whose answer was lost.

    Only messages posted from `since` to `since + within` (the sender's lease: after it, the
    row is another worker's) are read, give or take CLOCK_MARGIN, so a busy channel's later
    traffic is not paged through.

    FOUND (with the message's channel and ts) or NOT_POSTED; CHECK_AGAIN when Slack could not
    answer now (CHECK_LATER when it asked us to wait: a 429), UNKNOWN when it cannot answer at
    all. Reading is safe to repeat, so every transport failure here is CHECK_AGAIN.
    """
    try:
        channel = payload.get("channel") or _dm_channel(client, recipient)
        cursor: str | None = None
        for _ in range(HISTORY_PAGES):
            page = client.conversations_history(
                channel=channel,
                oldest=f"{(since - CLOCK_MARGIN).timestamp():.6f}",
                latest=f"{(since + within + CLOCK_MARGIN).timestamp():.6f}",
                include_all_metadata=True,
                limit=HISTORY_PAGE,
                cursor=cursor,
            )
            for message in page.get("messages") or []:
                if _carries(message, delivery_id):
                    return Outcome(Verdict.FOUND, channel=channel, ts=str(message["ts"]))
            if not page.get("has_more"):
                return Outcome(Verdict.NOT_POSTED)
            cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
            if cursor is None:
                break
    except SlackApiError as error:
        refused = _refused(error.response)
        if refused.verdict is Verdict.DEAD:
            return Outcome(Verdict.UNKNOWN, f"could not check Slack: {refused.reason}")
        waits = refused.verdict is Verdict.RATE_LIMITED
        return Outcome(
            Verdict.CHECK_LATER if waits else Verdict.CHECK_AGAIN,
            f"checking Slack: {refused.reason}",
            retry_after=refused.retry_after,
        )
    except Exception as error:
        return Outcome(Verdict.CHECK_AGAIN, f"checking Slack: {_describe(error)}")
    pages = HISTORY_PAGE * HISTORY_PAGES
    return Outcome(Verdict.UNKNOWN, f"over {pages} messages around the send: could not check")


def _dm_channel(client: WebClient, user_id: str) -> str:
    """The DM channel id with a user (conversations.history needs the channel, not the user)."""
    return str(client.conversations_open(users=user_id)["channel"]["id"])


def _carries(message: dict[str, Any], delivery_id: int) -> bool:
    metadata = message.get("metadata") or {}
    event_payload = metadata.get("event_payload") or {}
    return bool(
        metadata.get("event_type") == EVENT_TYPE
        and str(event_payload.get("delivery_id")) == str(delivery_id)
    )


def _refused(response: SlackResponse) -> Outcome:
    error = str(response.get("error") or f"HTTP {response.status_code}")
    if response.status_code == 429 or error in RATE_LIMITED_ERRORS:
        return Outcome(Verdict.RATE_LIMITED, error, retry_after=_retry_after(response))
    if response.status_code >= 500 or error in TRANSIENT_ERRORS:
        return Outcome(Verdict.RETRY, f"HTTP {response.status_code} {error}")
    if error in MAYBE_POSTED_ERRORS:
        return Outcome(Verdict.MAYBE_SENT, f"Slack answered {error}: the message may have posted")
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
