"""A flow's run under one Slack fault: what it set up, what our entry answered; the faults;
requests a person sends (a slash command, a click)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Engine

from bot.config import Settings
from tests.support import slack_requests
from tests.support.authz_world import TEAM, World
from tests.support.fakeslack.fixtures import EMPLOYEE
from tests.support.hostile_app import SettledServer

REQUEST_TIMEOUT = 1
SLOW = 0.3  # seconds beyond a client's timeout

# The faults, each once: retries after it reach a healthy Slack.
FAULTS: dict[str, Callable[[float], dict[str, Any]]] = {
    "ratelimited": lambda timeout: {"retry_after": 1},
    "server_error": lambda timeout: {"status": 503},
    "slow": lambda timeout: {"delay": timeout + SLOW},
    "drop": lambda timeout: {},
    "drop_after": lambda timeout: {},
}


@dataclass
class Run:
    """One flow run: the HTTP statuses our entry answered, and what the flow set up."""

    server: SettledServer
    engine: Engine
    settings: Settings
    world: World
    statuses: list[int]
    context: dict[str, Any]
    # This run's own now: the fake stamps messages with the real clock, and the outbox looks
    # for a lost send around the time it started it, so the two must not drift apart.
    started: datetime = field(default_factory=lambda: datetime.now(UTC))

    def post(self, body: bytes) -> None:
        status, _, raw = self.server.post(body)
        self.statuses.append(status)
        self.context.setdefault("answers", []).append(raw)


@dataclass(frozen=True)
class Flow:
    """`prepare` runs before the fault is injected; `act` with it; `check` lists problems."""

    method: str
    prepare: Callable[[Run], None]
    act: Callable[[Run], None]
    check: Callable[[Run], list[str]]
    name: str
    timeout: float = REQUEST_TIMEOUT


def nothing(run: Run) -> None:
    pass


def command(run: Run, word: str, user: str = EMPLOYEE) -> None:
    fake = run.server.fake
    run.post(
        slack_requests.slash_command(
            word, user_id=user, team_id=TEAM, trigger_id=fake.issue_trigger_id()
        )
    )


def click(
    run: Run,
    action_id: str,
    value: Any,
    *,
    view: dict[str, Any] | None = None,
    message: dict[str, Any] | None = None,
    channel: str = "D0EMPLOYEE",
) -> None:
    fake = run.server.fake
    container = view and slack_requests.view_object(
        view["id"], team_id=TEAM, callback_id=view.get("callback_id", ""), view_type=view["type"]
    )
    run.post(
        slack_requests.block_actions(
            user_id=EMPLOYEE,
            team_id=TEAM,
            action_id=action_id,
            value=str(value),
            trigger_id=fake.issue_trigger_id(view_id=view["id"] if view else None),
            view=container,
            message=message,
            channel_id=channel,
        )
    )
