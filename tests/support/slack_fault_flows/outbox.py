"""Flows through the outbox dispatcher: a message owed, and a send whose answer was lost."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from bot.db import session_scope
from bot.models import Delivery
from bot.outbox.dispatch import drain
from bot.outbox.enqueue import Outgoing, enqueue_many
from bot.outbox.policy import Policy
from bot.services.workspaces.registry import ensure_workspace
from bot.slack.client import one_client, outbox_client
from bot.slack.scopes import HISTORY_SCOPES
from tests.support.authz_world import TEAM
from tests.support.fakeslack.fixtures import EMPLOYEE
from tests.support.slack_fault_flows.run import REQUEST_TIMEOUT, Run


def owe(run: Run) -> None:
    run.server.fake.grant(*HISTORY_SCOPES)  # the dispatcher here runs with the history check on
    with session_scope(run.engine) as session:
        now = run.started
        workspace = ensure_workspace(session=session, slack_team_id=TEAM, now=now)
        message = Outgoing(workspace.id or 0, EMPLOYEE, "test", "p1", "owed message", now)
        assert enqueue_many(session=session, messages=[message], now=now) == 1


def drain_at(run: Run, at_minutes: int) -> None:
    client = outbox_client(run.settings, timeout=REQUEST_TIMEOUT)
    drain(
        run.engine,
        one_client(client),
        clock=lambda: run.started + timedelta(minutes=at_minutes),
        policy=Policy(history_check=True),
    )


def owe_a_lost_send(run: Run) -> None:
    """A send whose answer was lost: the next run must look in the channel's history."""
    owe(run)
    run.server.fake.inject("chat.postMessage", "drop_after", times=1)
    drain_at(run, 0)
    run.server.fake.clear_faults()


def outbox_recovers(run: Run) -> list[str]:
    """Once the faults are gone, a few runs later, the message is in Slack exactly once."""
    run.server.fake.clear_faults()
    for minutes in (5, 65, 185, 600):
        drain_at(run, minutes)
    with Session(run.engine) as session:
        [row] = session.exec(select(Delivery)).all()
    sent = [m for m in run.server.fake.messages() if m.get("text") == "owed message"]
    problems = [] if row.state == "sent" else [f"the delivery ended {row.state}"]
    return problems + ([] if len(sent) == 1 else [f"posted {len(sent)} times"])
