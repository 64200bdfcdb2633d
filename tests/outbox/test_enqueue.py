"""Enqueuing: the same message owed twice is one row."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from bot.db import session_scope
from bot.outbox.enqueue import enqueue
from tests.support.fakeslack.fixtures import MANAGER
from tests.support.outbox_owed import (
    BLOCKS,
    T0,
    delivery_rows,
    new_workspace,
)


def test_enqueuing_the_same_message_twice_keeps_one_row(engine: Engine) -> None:
    workspace_id = new_workspace(engine)
    for expected in (True, False):
        with session_scope(engine) as session:
            new = enqueue(
                session=session,
                workspace_id=workspace_id,
                recipient=MANAGER,
                kind="lapse",
                period_key="2026-Q4",
                text="Time for a career chat?",
                blocks=BLOCKS,
                not_before=T0,
                now=T0,
            )
        assert new is expected
    [row] = delivery_rows(engine)
    assert (row.state, row.attempts) == ("pending", 0)
    assert row.payload == {"text": "Time for a career chat?", "blocks": BLOCKS}
