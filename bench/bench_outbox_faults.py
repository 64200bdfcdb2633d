"""The outbox under Slack faults and `kill -9`: how many messages are lost, doubled or stuck.

    .venv/bin/python -m bench.bench_outbox_faults [--database-url URL] [--rows N] [--kills K]
        [--big-rows M] [--dispatchers D]

The scenario is `tests.outbox_faults` (the test suite runs a small one): messages owed, real
dispatcher processes (`career-bot jobs run deliver`) SIGKILLed right after claiming, then
dispatchers draining while Slack answers 30% of calls with a 429, 10% with a 503 and drops 7% of
connections (half after acting), on sends and look-ups alike, for an hour of time run 600 times
faster; then the faults stop and three ordinary `deliver` runs follow. Each message is then
counted against what the fake Slack holds.

1. baseline: the same rows, no kills, no faults: the rig itself loses and doubles nothing;
2. `--rows` messages (300), `--kills` kill -9s (20), one dispatcher under the faults;
3. `--big-rows` messages (1,000), no kills, `--dispatchers` dispatchers (3) at once under the
   faults.

The default database is a fresh SQLite file; pass a Postgres URL to measure that instead
(the bench creates and drops its own schema there).
"""

from __future__ import annotations

import argparse
import time

from sqlalchemy.engine import Engine

from bench.bench_dispatcher import fresh_database
from tests.support import outbox_faults
from tests.support.fakeslack import FakeSlack


def scenario(url: str | None, **kwargs: object) -> tuple[outbox_faults.Tally, float]:
    started = time.perf_counter()
    with FakeSlack() as fake, fresh_database(url) as engine:
        tally = outbox_faults.run(engine, _url(engine), fake, **kwargs)  # type: ignore[arg-type]
    return tally, time.perf_counter() - started


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="Postgres URL (default: a fresh SQLite file)")
    parser.add_argument("--rows", type=int, default=300)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--big-rows", type=int, default=1000)
    parser.add_argument("--dispatchers", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    url, seed = args.database_url, args.seed

    runs = [
        ("baseline ", dict(rows=args.rows, kills=0, faults=False)),
        (f"{args.kills} kill -9", dict(rows=args.rows, kills=args.kills, seed=seed)),
        (
            f"{args.dispatchers} dispatchers",
            dict(rows=args.big_rows, kills=0, dispatchers=args.dispatchers, seed=seed),
        ),
    ]
    for name, kwargs in runs:
        tally, seconds = scenario(url, **kwargs)
        print(f"{name:<14} {tally.line()} in {seconds:.1f} s", flush=True)


if __name__ == "__main__":
    main()
