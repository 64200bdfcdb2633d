"""Global middleware: hand listeners their dependencies, act on each event once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse

from bot.db import session_scope
from bot.deps import CONTEXT_KEY, Deps
from bot.services.events import first_sighting


def register(app: App, deps: Deps) -> None:
    def provide_deps(context: BoltContext, next: Callable[[], BoltResponse]) -> BoltResponse:
        context[CONTEXT_KEY] = deps
        return next()

    def once_per_event(body: dict[str, Any], next: Callable[[], BoltResponse]) -> BoltResponse:
        event_id, team_id = body.get("event_id"), body.get("team_id")
        if body.get("type") != "event_callback" or not event_id or not team_id:
            return next()
        # Marked before acting: when Slack retries a slow delivery, a second DM would be
        # worse than a lost one (the event's sender can always open the Home tab again).
        with session_scope(deps.engine) as session:
            new = first_sighting(
                session=session, slack_team_id=team_id, event_id=event_id, now=deps.clock()
            )
        return next() if new else BoltResponse(status=200, body="")

    app.middleware(provide_deps)
    app.middleware(once_per_event)
