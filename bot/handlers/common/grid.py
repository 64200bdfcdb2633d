"""Enterprise Grid: which workspace of an org a request came from, and the org it belongs to.

Runs before every other middleware. On an org-wide install Bolt leaves the context's team id
empty (the install has none); it is filled from the payload, so people, teams and settings
stay keyed by the workspace the request came from. The workspace row then remembers its org
once per process, so that jobs knowing only the workspace find the org's token.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext
from sqlalchemy.engine import Engine

from bot.clock import Clock
from bot.db import session_scope
from bot.services.workspaces.installs import record_org_member
from bot.slack.authorize import fill_workspace

# Events that end an installation: no workspace row is made for them.
ENDINGS = frozenset({"app_uninstalled", "tokens_revoked"})


def register(app: App, *, engine: Engine, clock: Clock) -> None:
    recorded: set[tuple[str, str]] = set()  # (team, org) pairs this process has written

    def org_workspace(context: BoltContext, body: dict[str, Any], next: Callable[[], Any]) -> Any:
        fill_workspace(context, body)
        team_id, enterprise_id = context.team_id, context.enterprise_id
        event = body.get("event")
        ending = isinstance(event, dict) and event.get("type") in ENDINGS
        if team_id and enterprise_id and not ending and (team_id, enterprise_id) not in recorded:
            with session_scope(engine) as session:
                record_org_member(
                    session=session, slack_team_id=team_id, enterprise_id=enterprise_id, now=clock()
                )
            recorded.add((team_id, enterprise_id))
        return next()

    app.middleware(org_workspace)
