"""Digest planning at scale: every team of 100,000 people due at once (10,000 teams).

Measures `due_teams` and `digests` (the planning half of the `digests` job, every digest
built) against a baseline taken in the same run on the same data: the bare aggregates a digest
needs, each one GROUP BY query fetched whole (conversation dates per employee, members, goals
and done action items per team), the least work any planner must do. Also counts the SQL
statements planning issues, and the largest bound-parameter count among them, neither of which
may grow with the number of people; and the peak RSS of each side, each measured in its own
fresh process (`--measure`), so that memory that grows with the data shows against the baseline.

The population is bench_lapses.py's (four conversations a report, a third lapsed), with one
team per manager (its lead) holding the manager's reports, a goal for every third person and a
done action item for every fifth conversation, recent enough to count.

    .venv/bin/python -m bench.bench_digests [--database-url URL] [--people N]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import BindParameter, Date, bindparam, event, text, update
from sqlalchemy.engine import Engine

from bench.bench_lapses import NOW, best, fill, fresh
from bot.db import make_engine, session_scope
from bot.models import Goal, Person, Workspace
from bot.services.nudges.digests import digests, due_teams

MODES = ("aggregates", "planning")
BEFORE = NOW - timedelta(days=7)
EARLIER = NOW - timedelta(days=14)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="", help="default: a temporary SQLite file")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best counts")
    parser.add_argument("--measure", choices=MODES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        _measure(args.database_url, args.measure, args.repeat)
        return
    with tempfile.TemporaryDirectory() as folder:
        engine, cleanup = fresh(args.database_url or f"sqlite:///{folder}/bench.db")
        try:
            fill(engine, args.people, 120)
            _teams(engine)
            url = engine.url.render_as_string(hide_password=False)
            results = {mode: _child(url, mode, args.repeat) for mode in MODES}
            _print(results, engine.dialect.name)
        finally:
            engine.dispose()
            cleanup()


def _teams(engine: Engine) -> None:
    """One team per manager, led by them, holding their reports; goals and done items."""
    started = time.perf_counter()
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO team (id, workspace_id, name, lead_id, digest_channel) "
                "SELECT id, workspace_id, 'Team ' || id, id, 'C' || id FROM person "
                "WHERE id IN (SELECT DISTINCT manager_id FROM person)"
            )
        )
        connection.execute(
            update(Person)
            .where(Person.manager_id.is_not(None))  # type: ignore[union-attr]
            .values(team_id=Person.manager_id)
        )
        # Every team's digest moment is NOW (Friday 09:00 UTC; the leads have no zone: UTC).
        connection.execute(update(Workspace).values(digest_weekday=NOW.weekday(), digest_hour=9))
        connection.execute(
            text(
                "INSERT INTO goal (person_id, title, relevant, experiment, aspiration, learning,"
                " horizon, target_on, status, created_at, updated_at) "
                "SELECT id, 'g', '', '', '', '', 'short', :target, 'active', "
                "CASE WHEN id % 2 = 0 THEN :recent ELSE :earlier END, :recent "
                "FROM person WHERE id % 3 = 0"
            ).bindparams(_stamp("recent", BEFORE + timedelta(days=1)), _stamp("earlier", EARLIER)),
            {"target": NOW.date() + timedelta(days=90)},
        )
        connection.execute(
            text(
                "INSERT INTO actionitem (conversation_id, owner_id, body, done_at, created_at) "
                "SELECT id, employee_id, 'i', :done, :done FROM conversation WHERE id % 5 = 0"
            ).bindparams(_stamp("done", BEFORE + timedelta(days=2)))
        )
    _analyze(engine)
    print(f"made the teams, goals and action items in {time.perf_counter() - started:.1f} s")


def _stamp(name: str, value: datetime) -> BindParameter[datetime]:
    """A timestamp bound as the models store them (SQLite keeps them as text)."""
    return bindparam(name, value, type_=Goal.__table__.c.created_at.type)  # type: ignore[attr-defined]


def _analyze(engine: Engine) -> None:
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
            autocommit.execute(text("VACUUM ANALYZE"))
        else:
            connection.execute(text("ANALYZE"))
            connection.commit()


def _child(url: str, mode: str, repeat: int) -> dict[str, Any]:
    """Run one side in a fresh interpreter, so its peak RSS is its own."""
    command = [sys.executable, "-m", "bench.bench_digests", "--measure", mode]
    command += ["--database-url", url, "--repeat", str(repeat)]
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(command, capture_output=True, text=True, cwd=root)
    if done.returncode:
        raise SystemExit(f"{mode} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _measure(url: str, mode: str, repeat: int) -> None:
    engine = make_engine(url)
    statements: list[tuple[str, int]] = []

    def count(*args: Any) -> None:
        parameters = args[3]
        sizes = (
            [len(p) for p in parameters]
            if isinstance(parameters, list)
            else [len(parameters or ())]
        )
        statements.append((args[2].split(None, 1)[0].upper(), max(sizes, default=0)))

    work = _aggregates if mode == "aggregates" else _planning
    event.listen(engine, "before_cursor_execute", count)
    found: list[int] = []
    seconds = best(lambda: found.append(work(engine)), repeat)
    event.remove(engine, "before_cursor_execute", count)
    per_run = statements[: len(statements) // repeat]
    print(
        json.dumps(
            {
                "seconds": seconds,
                "found": found[-1],
                "statements": [kind for kind, _ in per_run],
                "max_parameters": max((n for _, n in per_run), default=0),
                "peak_rss_mb": _peak_rss_mb(),
            }
        )
    )


def _peak_rss_mb() -> float:
    """This process's peak RSS. Not getrusage's ru_maxrss: Linux carries that over fork and
    exec, so a child started by a big parent reports the parent's peak."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _planning(engine: Engine) -> int:
    """Every due team's digest, built and dropped one by one as the job does."""
    with session_scope(engine) as session:
        teams = due_teams(session=session, now=NOW)
        return sum(1 for digest in digests(session=session, now=NOW, teams=teams) if digest)


AGGREGATES = (
    "SELECT employee_id, max(held_on), max(CASE WHEN held_on <= :before THEN held_on END), "
    "max(next_on) FROM conversation GROUP BY employee_id",
    "SELECT team_id, count(*) FROM person WHERE left_at IS NULL GROUP BY team_id",
    "SELECT p.team_id, count(*) FROM goal g JOIN person p ON p.id = g.person_id "
    "WHERE g.created_at >= :earlier GROUP BY p.team_id",
    "SELECT p.team_id, count(*) FROM actionitem a JOIN conversation c ON c.id = a.conversation_id"
    " JOIN person p ON p.id = c.employee_id WHERE a.done_at >= :earlier GROUP BY p.team_id",
)


def _aggregates(engine: Engine) -> int:
    rows = 0
    with engine.connect() as connection:
        for query in AGGREGATES:
            rows += len(
                connection.execute(
                    text(query).bindparams(*(p for p in _parameters() if f":{p.key}" in query))
                ).all()
            )
    return rows


def _parameters() -> list[BindParameter[Any]]:
    return [bindparam("before", BEFORE.date(), type_=Date()), _stamp("earlier", EARLIER)]


def _print(results: dict[str, dict[str, Any]], dialect: str) -> None:
    base, plan = results["aggregates"], results["planning"]
    print(
        f"baseline: bare aggregates ({len(AGGREGATES)} GROUP BY) ..... "
        f"{base['seconds'] * 1000:8.1f} ms, peak RSS {base['peak_rss_mb']:6.1f} MB ({dialect})"
    )
    print(
        f"due_teams() + digests(): every due team .... {plan['seconds'] * 1000:8.1f} ms "
        f"({plan['seconds'] / base['seconds']:.2f}x baseline), peak RSS "
        f"{plan['peak_rss_mb']:6.1f} MB ({plan['peak_rss_mb'] / base['peak_rss_mb']:.2f}x)"
    )
    kinds = ", ".join(plan["statements"])
    print(
        f"digests: {plan['found']:,}; SQL statements per planning run: "
        f"{len(plan['statements'])} ({kinds}); most bound parameters in one: "
        f"{plan['max_parameters']}"
    )


if __name__ == "__main__":
    main()
