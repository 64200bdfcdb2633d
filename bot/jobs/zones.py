"""The planner run's refresh of Slack time zones: who is due, asked in a bounded batch.

Asking is `bot.slack.zones`; what is due and what an answer changes is `bot.services.org.zones`.
A person's first request fills their zone in `handlers.middleware`, and `user_change` keeps it
current; this refresh is the safety net for missed events. The same answer carries the
person's Slack status, kept as whether they are away (`bot.services.org.away`).
"""

from __future__ import annotations

from datetime import datetime

from slack_sdk import WebClient
from sqlalchemy.engine import Engine

from bot.db import read_scope, session_scope
from bot.models import Person
from bot.services.org import away, zones
from bot.slack.client import Clients
from bot.slack.zones import RateLimited, ask_slack

# users.info is Tier 4 (100+ calls a minute): one planner run spends at most about a minute's
# allowance, leaving the rest for requests. A 429 ends the run's asking in that workspace.
REFRESH_PER_RUN = 100


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
                # Locked as a user_change locks it, so neither overwrites the other's verdict.
                person = session.get(Person, person_id, with_for_update=True)
                zones.remember_zone(session=session, person_id=person_id, tz=answer.name, now=now)
                if answer.status is not None and person is not None:
                    status = answer.status
                    away.remember_status(
                        session=session,
                        person=person,
                        emoji=status.emoji,
                        text=status.text,
                        expiration=status.expiration,
                        now=now,
                    )
    return asked
