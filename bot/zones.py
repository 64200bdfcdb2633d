"""Asking Slack for people's time zones (users.info), so messages arrive in their hours.

Three moments fill `Person.tz`: a person's first request (the middleware), a bounded refresh at
the start of each planner run, and Slack's `user_change` event. Every ask is one try with a
short timeout and no retries: a request must still be acknowledged within Slack's 3 seconds,
and whatever goes unanswered is asked again by the next refresh.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy.engine import Engine

from bot.db import read_scope, session_scope
from bot.outbox.dispatch import Clients
from bot.services import zones

logger = logging.getLogger(__name__)

ASK_TIMEOUT_SECONDS = 2
# users.info is Tier 4 (100+ calls a minute): one planner run spends at most about a minute's
# allowance, leaving the rest for requests. A 429 ends the run's asking in that workspace.
REFRESH_PER_RUN = 100
# Answers that will not change by asking again: the person has no zone Slack will tell us.
NO_SUCH_USER = frozenset({"user_not_found", "user_not_visible", "account_inactive"})
RATE_LIMITED = frozenset({"ratelimited", "rate_limited"})


@dataclass(frozen=True)
class SlackZone:
    """What Slack said about a person's zone: its name, or None when Slack has none for them."""

    name: str | None


class RateLimited(Exception):
    """Slack asked us to slow down: stop asking for now."""


def impatient(client: WebClient) -> WebClient:
    """The same token and Slack, one try and a short timeout (request clients retry and wait)."""
    return WebClient(
        token=client.token,
        base_url=client.base_url,
        timeout=ASK_TIMEOUT_SECONDS,
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
    return SlackZone(tz if isinstance(tz, str) and tz else None)


def fill_zone(
    client: WebClient, engine: Engine, *, person_id: int, slack_user_id: str, now: datetime
) -> None:
    """Ask Slack once for a person we never asked; a failure leaves it to the next refresh."""
    try:
        answer = ask_slack(client, slack_user_id)
    except RateLimited:
        return
    if answer is not None:
        with session_scope(engine) as session:
            zones.remember_zone(session=session, person_id=person_id, tz=answer.name, now=now)


def refresh_zones(
    clients: Clients, engine: Engine, *, now: datetime, limit: int = REFRESH_PER_RUN
) -> int:
    """Ask Slack about up to `limit` people whose zone is unknown or stale; how many were asked.

    `clients` gives each workspace's client (see `jobs.deliver.clients_for`); a workspace
    without a token, or one that answered 429 (limits are per workspace), is skipped for this
    run. The database is not held open while Slack answers: the list is read first, and each
    answer is saved on its own.
    """
    with read_scope(engine) as session:
        due = zones.due_for_refresh(session=session, now=now, limit=limit)
    asked = 0
    workspaces: dict[int, WebClient | None] = {}  # a token look-up once per workspace
    for person_id, workspace_id, slack_user_id in due:
        if workspace_id not in workspaces:
            workspaces[workspace_id] = clients(workspace_id)
        client = workspaces[workspace_id]
        if client is None:
            continue
        try:
            answer = ask_slack(client, slack_user_id)
        except RateLimited:
            workspaces[workspace_id] = None
            continue
        asked += 1
        if answer is not None:
            with session_scope(engine) as session:
                zones.remember_zone(session=session, person_id=person_id, tz=answer.name, now=now)
    return asked
