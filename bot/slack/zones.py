"""Asking Slack for a person's time zone (users.info), so messages arrive in their hours;
the same answer carries their status (`bot.slack.status`), which may say they are away.

Three moments fill `Person.tz`: a person's first request (`handlers.middleware`, once the
response is on its way), a bounded refresh at the start of each planner run (`jobs.zones`),
and Slack's `user_change` event. Every ask is one try with a short timeout and no retries:
whatever goes unanswered is asked again by the next refresh.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.slack.status import SlackStatus, status_of

logger = logging.getLogger(__name__)

ASK_TIMEOUT_SECONDS = 2
# After a response nobody waits on the answer; a slow Slack still holds one listener thread.
AFTER_RESPONSE_TIMEOUT_SECONDS = 10
# Answers that will not change by asking again: the person has no zone Slack will tell us.
NO_SUCH_USER = frozenset({"user_not_found", "user_not_visible", "account_inactive"})
RATE_LIMITED = frozenset({"ratelimited", "rate_limited"})


@dataclass(frozen=True)
class SlackZone:
    """What Slack said about a person's zone: its name, or None when Slack has none for them;
    and their status, when Slack showed the user."""

    name: str | None
    status: SlackStatus | None = None


class RateLimited(Exception):
    """Slack asked us to slow down: stop asking for now."""


def impatient(client: WebClient, *, timeout: int = ASK_TIMEOUT_SECONDS) -> WebClient:
    """The same token and Slack, one try and a short timeout (request clients retry and wait)."""
    return WebClient(
        token=client.token,
        base_url=client.base_url,
        timeout=timeout,
        retry_handlers=[],
    )


def ask_slack(client: WebClient, slack_user_id: str) -> SlackZone | None:
    """users.info's `tz` for this user; None when Slack could not answer now (ask later)."""
    try:
        user: dict[str, Any] = client.users_info(user=slack_user_id)["user"]
    except SlackApiError as error:
        code = str(error.response.get("error") or "")
        if code in NO_SUCH_USER:
            return SlackZone(None)
        if error.response.status_code == 429 or code in RATE_LIMITED:
            raise RateLimited from None
        logger.info("users.info for %s failed: %s", slack_user_id, code or "no answer")
        return None
    except (SlackClientError, OSError) as error:
        logger.info("users.info for %s failed: %s", slack_user_id, error)
        return None
    tz = user.get("tz")
    return SlackZone(tz if isinstance(tz, str) and tz else None, status_of(user))
