"""The outbox under faults and `kill -9`: a scenario shared by the tests and the benchmark.

1. Owe `rows` messages to `people` recipients.
2. Kill phase: `kills` times, a real dispatcher process (`career-bot jobs run deliver`) is
   killed with SIGKILL right after it has claimed a batch, `parallel` at a time. Slack holds
   their sends unanswered meanwhile, so each dies holding its claim with its first send in
   flight (which Slack then posts: its row must be found, not sent again). Its leases are then
   left to expire, and the next dispatcher reaps them: the same rows are claimed, and lost,
   again and again.
3. Fault phase: `dispatchers` dispatchers drain at once, in threads, for `fault_minutes` of
   time running `SCALE` times faster, while Slack answers 30% of the calls (sends and look-ups
   alike) with a 429, 10% with a 503 and drops 7% of connections, half of them after acting.
4. The faults stop; `clean_runs` ordinary `deliver` runs follow, each after every lease of
   the fault phase expired.

Then each row is counted against what Slack holds: lost (not in Slack), duplicated (in Slack
more than once), stuck (still pending or leased), and the rows left to a person.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.config import Settings
from bot.db import session_scope
from bot.models import Delivery
from bot.outbox.enqueue import Outgoing, enqueue_many
from bot.outbox.policy import Policy
from bot.services.workspaces.registry import ensure_workspace
from bot.slack.scopes import HISTORY_SCOPES
from tests.support.fakeslack import FakeSlack
from tests.support.outbox_fault_phase import (
    FAULT_POLICY,
    SCALE,
    clean_runs,
    fault_phase,
    inject_fault_mix,
)
from tests.support.outbox_kills import BATCH, dispatcher_process, kill_phase

__all__ = [
    "BATCH",
    "FAULT_POLICY",
    "SCALE",
    "Tally",
    "clean_runs",
    "dispatcher_process",
    "fault_phase",
    "inject_fault_mix",
    "kill_phase",
    "owe",
    "recipient",
    "run",
    "tally",
]


@dataclass
class Tally:
    tried: int
    lost: int  # not in Slack at the end
    duplicated: int  # in Slack more than once
    stuck: int  # still pending or leased at the end
    unknown: int  # left to a person: Slack could not tell
    dead: int
    kills: int
    posts: int  # chat.postMessage calls Slack received

    def line(self) -> str:
        return (
            f"tried {self.tried}, lost {self.lost}, duplicated {self.duplicated}, "
            f"stuck {self.stuck} (unknown {self.unknown}, dead {self.dead}; "
            f"{self.kills} kill -9, {self.posts} chat.postMessage calls)"
        )


def recipient(i: int, people: int) -> str:
    return f"U0FLT{i % people:05d}"


def owe(engine: Engine, fake: FakeSlack, rows: int, *, people: int, now: datetime) -> None:
    for i in range(min(rows, people)):
        fake.add_user(recipient(i, people))
    fake.grant(*HISTORY_SCOPES)  # every dispatcher here runs with the history check on
    with session_scope(engine) as session:
        workspace = ensure_workspace(session=session, slack_team_id=fake.team_id, now=now)
        assert workspace.id is not None
        messages = [
            Outgoing(workspace.id, recipient(i, people), "fault", f"p{i}", f"message {i}", now)
            for i in range(rows)
        ]
        enqueue_many(session=session, messages=messages, now=now)


def tally(engine: Engine, fake: FakeSlack, *, kills: int) -> Tally:
    with Session(engine) as session:
        rows = list(session.exec(select(Delivery)).all())
    posted = Counter(
        m["metadata"]["event_payload"]["delivery_id"]
        for m in fake.messages()
        if (m.get("metadata") or {}).get("event_type")
    )
    return Tally(
        tried=len(rows),
        lost=sum(1 for r in rows if posted[r.id] == 0),
        duplicated=sum(1 for r in rows if posted[r.id] > 1),
        stuck=sum(1 for r in rows if r.state in ("pending", "leased")),
        unknown=sum(1 for r in rows if r.state == "unknown"),
        dead=sum(1 for r in rows if r.state == "dead"),
        kills=kills,
        posts=len(fake.calls_to("chat.postMessage")),
    )


def run(
    engine: Engine,
    database_url: str,
    fake: FakeSlack,
    *,
    rows: int,
    people: int = 100,
    kills: int = 20,
    parallel: int = 4,
    dispatchers: int = 1,
    fault_minutes: float = 60,
    clean: int = 3,
    seed: int = 1,
    faults: bool = True,
) -> Tally:
    settings = Settings(database_url="", slack_api_url=fake.api_url, bot_token=fake.bot_token)
    now = datetime.now(UTC)
    owe(engine, fake, rows, people=people, now=now)
    killed = kill_phase(engine, database_url, fake, kills=kills, parallel=parallel) if kills else 0
    # Past every lease the killed dispatchers held.
    origin = datetime.now(UTC) + Policy().lease + timedelta(minutes=1)
    ended = fault_phase(
        engine,
        fake,
        settings,
        origin=origin,
        minutes=fault_minutes,
        dispatchers=dispatchers,
        seed=seed,
        faults=faults,
    )
    clean_runs(engine, settings, after=ended, runs=clean)
    return tally(engine, fake, kills=killed)
