"""Two dispatcher processes over one database: every row sent exactly once, none lost."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime

from sqlmodel import Session, select

from bot.db import session_scope
from bot.models import Delivery
from bot.outbox.enqueue import Outgoing, enqueue_many
from bot.services.workspaces.registry import ensure_workspace
from tests.support import outbox_faults
from tests.support.databases import Database
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE

ROWS = 1000


def test_two_dispatcher_processes_over_a_thousand_rows_send_each_exactly_once(
    database: Database, fake_slack: FakeSlack
) -> None:
    now = datetime.now(UTC)
    with session_scope(database.engine) as session:
        workspace = ensure_workspace(session=session, slack_team_id="T0TEST0001", now=now)
        assert workspace.id is not None
        messages = [
            Outgoing(workspace.id, EMPLOYEE, "load", f"p{i}", f"load {i}", now) for i in range(ROWS)
        ]
        assert enqueue_many(session=session, messages=messages, now=now) == ROWS

    processes = [outbox_faults.dispatcher_process(database.url, fake_slack) for _ in range(2)]
    sent = []
    for process in processes:
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
        found = re.match(r"deliver: (\d+) sent, 0 found posted, 0 rate limited, 0 retrying", out)
        assert found, out
        sent.append(int(found.group(1)))

    assert min(sent) > 0, f"both dispatchers took part: {sent}"
    assert sum(sent) == ROWS
    calls = fake_slack.calls_to("chat.postMessage")
    assert len(calls) == ROWS and all(c.ok for c in calls)
    posted = Counter(m["metadata"]["event_payload"]["delivery_id"] for m in fake_slack.messages())
    with Session(database.engine) as session:
        rows = session.exec(select(Delivery)).all()
    assert posted == Counter(row.id for row in rows)  # each row once in Slack, none missing
    assert {(row.state, row.attempts) for row in rows} == {("sent", 1)}
    assert len({row.slack_ts for row in rows}) == ROWS


def test_kill_9s_and_a_fault_mix_lose_nothing_double_nothing_and_leave_nothing_stuck(
    database: Database, fake_slack: FakeSlack
) -> None:
    """20 dispatchers SIGKILLed right after claiming (the same rows, again and again), then
    three dispatchers under 30% 429s, 10% 503s and 7% dropped connections on every call, then
    three clean `deliver` runs: every row is in Slack exactly once and none waits."""
    result = outbox_faults.run(
        database.engine,
        database.url,
        fake_slack,
        rows=120,
        people=40,
        dispatchers=3,
        fault_minutes=30,
    )
    print(result.line())
    assert result.kills == 20
    assert (result.lost, result.duplicated, result.stuck) == (0, 0, 0), result.line()
    assert (result.unknown, result.dead) == (0, 0), result.line()
