"""Global middleware: dependencies for listeners, each event once, who is acting.

Before the ack a known person costs one read; a newcomer one write (their row, which the
listener needs). Asking Slack for a newcomer's zone waits for nothing: it is handed to the
listener pool once the response is on its way, and writes only the zone, in its own
transaction, so it cannot undo (nor be undone by) whatever the listener saves.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor
from datetime import datetime
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse
from slack_sdk import WebClient

from bot.deps import CONTEXT_KEY, Deps
from bot.handlers.common.acting import read, unit
from bot.handlers.common.routing import ACTOR_KEY
from bot.services.org import zones
from bot.services.org.people import KnownActor, known_actor, person_for
from bot.services.workspaces.events import first_sighting
from bot.slack.zones import (
    AFTER_RESPONSE_TIMEOUT_SECONDS,
    RateLimited,
    ask_slack,
    impatient,
)

logger = logging.getLogger(__name__)


def register(app: App, deps: Deps, *, after_response: Executor) -> None:
    asking = _Asking(after_response)

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
            # Almost every request comes from someone we know: one read, which waits for no
            # writer. Only a first sight takes the write lock (on SQLite) to create them.
            actor = read(
                context,
                lambda c: known_actor(connection=c, slack_team_id=team_id, slack_user_id=user_id),
            )
            if actor is None:
                person = unit(
                    context,
                    lambda s: person_for(
                        session=s, slack_team_id=team_id, slack_user_id=user_id, now=now
                    ),
                )
                actor = KnownActor(
                    person.id or 0, person.tz is not None or bool(person.tz_fetched_at)
                )
            context[ACTOR_KEY] = actor.id
            if not actor.zone_asked:  # first sight, no zone yet
                response = next()
                person_id = actor.id
                asking.ask(  # a burst of first requests asks Slack once
                    person_id,
                    lambda: fill_zone(
                        impatient(client, timeout=AFTER_RESPONSE_TIMEOUT_SECONDS),
                        context,
                        person_id=person_id,
                        slack_user_id=user_id,
                        now=now,
                    ),
                )
                return response
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


class _Asking:
    """Newcomers' zones still to ask Slack for, asked by at most `RUNNERS` listener threads.

    The listener pool runs them, so whoever waits for the pool to finish (a shutdown, a
    test's teardown) waits for them too; never more than `RUNNERS` of its threads, so a
    burst of newcomers with Slack slow to answer cannot starve the listeners. Beyond
    `MOST_PENDING`, a newcomer is left to the planners' zone refresh (never-asked first).
    """

    RUNNERS = 2
    MOST_PENDING = 1000

    def __init__(self, executor: Executor) -> None:
        self._executor = executor
        self._lock = threading.Lock()
        self._ids: set[int] = set()
        self._pending: deque[tuple[int, Callable[[], None]]] = deque()
        self._runners = 0

    def ask(self, person_id: int, work: Callable[[], None]) -> None:
        """Run `work` soon, unless this person's zone is being asked already."""
        with self._lock:
            if person_id in self._ids or len(self._pending) >= self.MOST_PENDING:
                return
            self._ids.add(person_id)
            self._pending.append((person_id, work))
            if self._runners >= self.RUNNERS:
                return
            self._runners += 1
        try:
            self._executor.submit(self._run)
        except RuntimeError:  # the pool is shutting down: the refresh will ask
            with self._lock:
                self._runners -= 1

    def _run(self) -> None:
        while True:
            with self._lock:
                if not self._pending:
                    self._runners -= 1
                    return
                person_id, work = self._pending.popleft()
            try:
                work()
            except Exception:
                logger.exception("asking Slack for a newcomer's zone failed")
            finally:
                with self._lock:
                    self._ids.discard(person_id)
