"""`kill -9` during planning: a killed planner leaves all of its plan or none of it.

An org of 1,050 people owes 450 lapse reminders, 150 digests and 150 leads' lists of lapsed
pairs. Each planner (the `lapses` and `digests` jobs) first runs cleanly twice, to learn how
long it takes. Then planner
processes are SIGKILLed ten times on each database, in turn, at 20 %, 40 %, 60 %, 80 % and
95 % of that time: most land while the planner holds its transaction open (on SQLite, the
write lock), some just after it committed. After each kill the outbox holds every message
of that planner or none (then they are taken back, so the next kill starts from nothing).
Finally the planners run cleanly, twice: every message is owed exactly once.

The planners run in forked processes rather than fresh `career-bot jobs run` ones (the same
code, without a second of start-up each); `test_delivery_processes.py` kills real CLI
processes during dispatch.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, col, delete, select

from bot.config import Settings
from bot.db import make_engine, session_scope
from bot.jobs import JobContext, job_named
from bot.models import Delivery
from tests.support.databases import Database
from tests.support.fakeslack import FakeSlack
from tests.support.seed_org import seed_org

TEAMS = 150
REPORTS = 6
LAPSED = 3  # reports of each team who last met their lead 200 days ago, on a 90-day cadence
KILLS = 10
FRACTIONS = (0.2, 0.4, 0.6, 0.8, 0.95)  # of a clean run's time, one each per planner
PLANNERS = ("lapses", "digests")
# The digests planner owes each team's channel its digest and the lead the lapsed pairs' names.
EXPECTED = {"lapse": TEAMS * LAPSED, "digest": TEAMS, "digest-lead": TEAMS}
KINDS_OF = {"lapses": ("lapse",), "digests": ("digest", "digest-lead")}


def _owed(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        rows = session.exec(select(Delivery.kind, func.count()).group_by(col(Delivery.kind))).all()
    return {kind: count for kind, count in rows}


def _distinct_keys(engine: Engine) -> int:
    with Session(engine) as session:
        keys = session.exec(
            select(Delivery.workspace_id, Delivery.recipient, Delivery.kind, Delivery.period_key)
        ).all()
    return len(set(keys))


def _kill(pid: int) -> bool:
    """SIGKILL the planner; False if it had ended (a clean exit) before the signal landed."""
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    if os.WIFEXITED(status):
        assert os.WEXITSTATUS(status) == 0, "the planner failed before its kill"
        return False
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    return True


def _fork_planner(url: str, settings: Settings, planner: str) -> int:
    """A planner process: the job as the scheduler or `career-bot jobs run` runs it."""
    job = job_named(planner)
    assert job is not None
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:  # the child: its own engine, nothing of the parent's connections touched
        engine = make_engine(url)
        job.run(JobContext(settings, engine))
        code = 0
    except BaseException:
        traceback.print_exc()
    finally:
        os._exit(code)


def _reset(engine: Engine, kinds: tuple[str, ...]) -> None:
    with session_scope(engine) as session:
        session.exec(delete(Delivery).where(col(Delivery.kind).in_(kinds)))


def _in_transaction(database: Database, name: str) -> Callable[[], bool]:
    """Whether the planner holds a transaction open: on SQLite, the write lock."""
    if database.kind == "sqlite":
        path = make_url(database.url).database
        assert path is not None

        def writing() -> bool:
            probe = sqlite3.connect(path, timeout=0, isolation_level=None)
            try:
                probe.execute("BEGIN IMMEDIATE")
                probe.execute("ROLLBACK")
                return False
            except sqlite3.OperationalError as error:
                if "locked" in str(error):
                    return True
                raise
            finally:
                probe.close()

        return writing

    def open_transaction() -> bool:
        with database.engine.connect() as watcher:
            return bool(
                watcher.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity"
                        " WHERE application_name = :name AND xact_start IS NOT NULL"
                    ),
                    {"name": name},
                ).scalar_one()
            )

    return open_transaction


def _planner_url(database: Database, name: str) -> str:
    if database.kind == "sqlite":
        return database.url
    url = make_url(database.url).update_query_dict({"application_name": name})
    return url.render_as_string(hide_password=False)


def _run_to_the_end(database: Database, settings: Settings, planner: str) -> float:
    """A clean forked run; returns how long it took, and takes its messages back."""
    started = time.monotonic()
    pid = _fork_planner(database.url, settings, planner)
    _, status = os.waitpid(pid, 0)
    took = time.monotonic() - started
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status
    kinds = KINDS_OF[planner]
    assert {kind: _owed(database.engine).get(kind) for kind in kinds} == {
        kind: EXPECTED[kind] for kind in kinds
    }
    _reset(database.engine, kinds)
    return took


@dataclass
class Kills:
    done: int = 0
    inside: int = 0  # the planner held its transaction open when the kill landed
    after_commit: int = 0  # its plan was already committed: all its messages were owed
    finished_first: int = 0  # the planner ended before the kill moment: tried again earlier


def test_planners_killed_while_planning_owe_all_or_nothing_then_everything_once(
    database: Database, fake_slack: FakeSlack
) -> None:
    now = datetime.now(UTC)
    seed_org(database.engine, now, teams=TEAMS, reports=REPORTS, lapsed=LAPSED)
    settings = Settings(
        database_url=database.url,
        slack_api_url=fake_slack.api_url,
        bot_token=fake_slack.bot_token,
        signing_secret="unused",
    )
    database.engine.dispose()  # no pooled connection crosses a fork
    took = {p: min(_run_to_the_end(database, settings, p) for _ in range(2)) for p in PLANNERS}
    kills = Kills()
    for index in range(KILLS):
        planner = PLANNERS[index % len(PLANNERS)]
        kinds = KINDS_OF[planner]
        # Kill points spread over the planner's life, its last moments included.
        fraction = FRACTIONS[index // len(PLANNERS)]
        name = f"planner-kill-{os.getpid()}-{index}"
        inside = _in_transaction(database, name)
        while True:
            pid = _fork_planner(_planner_url(database, name), settings, planner)
            time.sleep(fraction * took[planner])  # the moment of the kill, not a wait on it
            was_inside = inside()
            if _kill(pid):
                kills.inside += was_inside
                break
            kills.finished_first += 1
            _reset(database.engine, kinds)
            fraction *= 0.7
        kills.done += 1
        owed = {kind: _owed(database.engine).get(kind, 0) for kind in kinds}
        # All or nothing: a killed planner leaves no part of its plan behind.
        nothing, everything = dict.fromkeys(kinds, 0), {kind: EXPECTED[kind] for kind in kinds}
        assert owed in (nothing, everything), (index, planner, owed)
        kills.after_commit += owed == everything
        _reset(database.engine, kinds)
    print(f"{database.kind}: {kills}, clean runs took {took}")
    assert kills.done == KILLS
    assert kills.inside >= KILLS // 2, kills

    for _ in range(2):
        for planner in PLANNERS:
            job = job_named(planner)
            assert job is not None
            job.run(JobContext(settings, database.engine))
    assert _owed(database.engine) == EXPECTED
    assert _distinct_keys(database.engine) == sum(EXPECTED.values())
    with Session(database.engine) as session:
        states = set(session.exec(select(Delivery.state)).all())
    assert states == {"pending"}
    assert fake_slack.calls_to("chat.postMessage") == []
