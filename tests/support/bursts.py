"""Requests sent at once through the real HTTP entry: the people who send them, the barrier
that releases them together, the 5xx among the answers, and the rows they left."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.models import Person
from tests.support import slack_requests
from tests.support.app_server import AppServer

TEAM = "T0TEST0001"
TODAY = datetime.now(UTC).date()
NEWCOMER = "U0NEWCOMER1"
BOSS = "U0BOSSBOSS1"  # everyone's new manager: nobody the bot has seen yet
MENTORS = ["U0MENTOR001", "U0MENTOR002"]


def some_people(count: int, prefix: str = "U0PEOPLE") -> list[str]:
    return [f"{prefix}{n:03d}" for n in range(count)]


def at_once(app_server: AppServer, bodies: Sequence[bytes]) -> list[tuple[int, bytes]]:
    """POST every body at the same moment (a barrier releases them together)."""
    start = threading.Barrier(len(bodies))

    def send(body: bytes) -> tuple[int, bytes]:
        start.wait()
        status, _, raw = app_server.post(body)
        return status, raw

    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        return list(pool.map(send, bodies))


def server_errors(answers: list[tuple[int, bytes]]) -> list[int]:
    return [status for status, _ in answers if status >= 500]


def command(app_server: AppServer, word: str, user: str) -> bytes:
    return slack_requests.slash_command(
        word, user_id=user, team_id=TEAM, trigger_id=app_server.fake.issue_trigger_id()
    )


def count(engine: Engine, model: type[Any], *where: Any) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(model).where(*where)).one()


def people_rows(engine: Engine) -> dict[str, int]:
    """How many person rows each Slack user has."""
    with Session(engine) as session:
        rows = session.exec(
            select(Person.slack_user_id, func.count()).group_by(col(Person.slack_user_id))
        ).all()
    return dict(rows)
