"""Global middleware: dependencies for listeners, each event once, who is acting."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse
from slack_sdk import WebClient

from bot.deps import CONTEXT_KEY, Deps
from bot.handlers.common.acting import unit
from bot.handlers.common.routing import ACTOR_KEY
from bot.services.org import zones
from bot.services.org.people import known_person, person_for
from bot.services.workspaces.events import first_sighting
from bot.slack.zones import RateLimited, ask_slack, impatient


def register(app: App, deps: Deps) -> None:
    def provide_deps(context: BoltContext, next: Callable[[], BoltResponse]) -> BoltResponse:
        context[CONTEXT_KEY] = deps
        return next()

    def once_per_event(
        body: dict[str, Any], context: BoltContext, next: Callable[[], BoltResponse]
    ) -> BoltResponse:
        event_id, team_id = body.get("event_id"), body.get("team_id")
        if body.get("type") != "event_callback" or not event_id or not team_id:
            return next()
        # Marked before acting: when Slack retries a slow delivery, a second DM would be
        # worse than a lost one (the event's sender can always open the Home tab again).
        new = unit(
            context,
            lambda s: first_sighting(
                session=s, slack_team_id=team_id, event_id=event_id, now=deps.clock()
            ),
        )
        return next() if new else BoltResponse(status=200, body="")

    def identify_actor(
        body: dict[str, Any],
        context: BoltContext,
        client: WebClient,
        next: Callable[[], BoltResponse],
    ) -> BoltResponse:
        # A user_change event is about someone, not from them: nobody acts, and a profile
        # edit anywhere in the workspace must not create a person.
        if (body.get("event") or {}).get("type") == "user_change":
            return next()
        team_id, user_id = context.team_id, context.user_id
        if team_id and user_id:
            now = deps.clock()
            # Almost every request comes from someone we know: a read, which waits for no
            # writer. Only a first sight takes the write lock (on SQLite) to create them.
            person = unit(
                context,
                lambda s: known_person(session=s, slack_team_id=team_id, slack_user_id=user_id),
                read_only=True,
            )
            if person is None:
                person = unit(
                    context,
                    lambda s: person_for(
                        session=s, slack_team_id=team_id, slack_user_id=user_id, now=now
                    ),
                )
            context[ACTOR_KEY] = person.id
            if person.tz is None and person.tz_fetched_at is None:  # first sight, no zone yet
                fill_zone(
                    impatient(client),
                    context,
                    person_id=person.id or 0,
                    slack_user_id=user_id,
                    now=now,
                )
        return next()

    app.middleware(provide_deps)
    app.middleware(once_per_event)
    app.middleware(identify_actor)


def fill_zone(
    client: WebClient, context: Any, *, person_id: int, slack_user_id: str, now: datetime
) -> None:
    """Ask Slack once for a person we never asked; a failure leaves it to the next refresh."""
    try:
        answer = ask_slack(client, slack_user_id)
    except RateLimited:
        return
    if answer is not None:
        unit(
            context,
            lambda s: zones.remember_zone(session=s, person_id=person_id, tz=answer.name, now=now),
        )
