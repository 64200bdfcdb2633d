"""Deliveries owed in a test database, for the outbox's tests: a workspace, rows due at `T0`,
and what was posted and looked up in the fake Slack."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.db import session_scope
from bot.models import Delivery
from bot.outbox.enqueue import Outgoing, enqueue_many
from bot.outbox.policy import Policy
from bot.services.workspaces.registry import ensure_workspace
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
# The history check on (SLACK_HISTORY_CHECK): a lost answer is looked up in Slack.
LOOKING = Policy(history_check=True)
FAST = Policy(
    backoff_base=timedelta(seconds=1),
    backoff_cap=timedelta(seconds=4),
    max_attempts=20,
    history_check=True,
)
BLOCKS = [{"type": "section", "text": {"type": "mrkdwn", "text": "Time for a career chat?"}}]


def new_workspace(engine: Engine, team: str = "T0TEST0001") -> int:
    with session_scope(engine) as session:
        workspace_id = ensure_workspace(session=session, slack_team_id=team, now=T0).id
    assert workspace_id is not None
    return workspace_id


def owe(
    engine: Engine,
    workspace_id: int,
    count: int = 1,
    *,
    recipient: str = EMPLOYEE,
    not_before: datetime = T0,
    channel: str | None = None,
) -> None:
    messages = [
        Outgoing(
            workspace_id,
            recipient,
            "test",
            f"p{i}",
            f"message {i} to {recipient}",
            not_before,
            blocks=BLOCKS,
            channel=channel,
        )
        for i in range(count)
    ]
    with session_scope(engine) as session:
        assert enqueue_many(session=session, messages=messages, now=T0) == count


def delivery_rows(engine: Engine) -> list[Delivery]:
    with Session(engine) as session:
        return list(session.exec(select(Delivery).order_by(col(Delivery.id))).all())


def post_count(fake: FakeSlack) -> int:
    return len(fake.calls_to("chat.postMessage"))


def history_calls(fake: FakeSlack) -> list[dict[str, object]]:
    return [call.args for call in fake.calls_to("conversations.history")]
