"""bot/outbox/sent.py: a sent message found by where Slack put it, for its recipient only."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, update

from bot.db import session_scope
from bot.models import Delivery
from bot.outbox.sent import sent_payload
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER
from tests.support.outbox_owed import BLOCKS, delivery_rows, new_workspace, owe


def test_only_a_sent_message_to_its_recipient_in_its_workspace_is_found(engine: Engine) -> None:
    workspace_id = new_workspace(engine)
    owe(engine, workspace_id, 2)
    first, second = delivery_rows(engine)
    with session_scope(engine) as session:
        session.exec(
            update(Delivery)
            .where(col(Delivery.id) == first.id)
            .values(state="sent", slack_channel="D0ADA00001", slack_ts="1700000000.000100")
        )
        session.exec(  # the answer was lost: Slack's ts is not known, so it is not found
            update(Delivery).where(col(Delivery.id) == second.id).values(state="unknown")
        )
    where = {"channel": "D0ADA00001", "ts": "1700000000.000100"}
    with Session(engine) as session:
        found = sent_payload(session, workspace_id=workspace_id, recipient=EMPLOYEE, **where)
        assert found is not None and found["blocks"] == BLOCKS
        assert sent_payload(session, workspace_id=workspace_id, recipient=MANAGER, **where) is None
        other = new_workspace(engine, team="T0OTHER001")
        assert sent_payload(session, workspace_id=other, recipient=EMPLOYEE, **where) is None
        moved = {**where, "ts": "1700000000.000200"}
        assert sent_payload(session, workspace_id=workspace_id, recipient=EMPLOYEE, **moved) is None
