"""Dispatcher throughput against the Slack fake, with baselines measured in the same run.

    .venv/bin/python -m bench.bench_dispatcher [--database-url URL] [--rows N] [--per-minute R]

1. baseline: a bare chat.postMessage loop on the fake (no database): the ceiling of the rig;
2. the dispatcher on the same fake without a rate limit: our own cost per message;
3. the dispatcher against the fake's rate limit of R per minute. Time runs SCALE times faster
   for the fake's window and the dispatcher's clock and sleeps alike, so "minutes" pass in
   seconds; the figure is the steady rate after the first window's burst, as a share of R.

The default database is a fresh SQLite file; pass a Postgres URL to measure that instead
(the bench creates and drops its own schema there).
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url

from bot.config import Settings
from bot.db import make_engine, session_scope
from bot.delivery import Outgoing, enqueue_many
from bot.delivery_dispatch import Policy, drain
from bot.delivery_send import outbox_client
from bot.schema import upgrade
from bot.services.workspaces import ensure_workspace
from tests.fakeslack import FakeSlack

USER = "U0BENCH001"
SCALE = 20.0


@contextmanager
def fresh_database(url: str | None) -> Iterator[Engine]:
    if url is None:
        with tempfile.TemporaryDirectory() as folder:
            engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
            upgrade(engine)
            yield engine
            engine.dispose()
        return
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    scoped = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    engine = make_engine(scoped.render_as_string(hide_password=False))
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def owe(engine: Engine, rows: int, now: datetime) -> None:
    with session_scope(engine) as session:
        workspace = ensure_workspace(session=session, slack_team_id="T0TEST0001", now=now)
        assert workspace.id is not None
        messages = [
            Outgoing(workspace.id, USER, "bench", f"{now.timestamp()}-{i}", f"m{i}", now)
            for i in range(rows)
        ]
        enqueue_many(session=session, messages=messages, now=now)


def settings_for(fake: FakeSlack) -> Settings:
    return Settings(database_url="", slack_api_url=fake.api_url, bot_token=fake.bot_token)


def baseline(rows: int) -> float:
    with FakeSlack() as fake:
        fake.add_user(USER)
        client = outbox_client(settings_for(fake))
        started = time.perf_counter()
        for i in range(rows):
            client.chat_postMessage(channel=USER, text=f"m{i}")
        return rows / (time.perf_counter() - started)


def unlimited(url: str | None, rows: int) -> float:
    with FakeSlack() as fake, fresh_database(url) as engine:
        fake.add_user(USER)
        owe(engine, rows, datetime.now(UTC))
        started = time.perf_counter()
        report = drain(engine, outbox_client(settings_for(fake)))
        elapsed = time.perf_counter() - started
        assert report.sent == rows, report
        return rows / elapsed


def rate_limited(url: str | None, rows: int, per_minute: int) -> tuple[float, float]:
    """(steady sends per fake minute, fake minutes taken) under the fake's rate limit."""
    origin_real = time.monotonic()
    origin = datetime.now(UTC)

    def scaled_seconds() -> float:
        return (time.monotonic() - origin_real) * SCALE

    def clock() -> datetime:
        return origin + timedelta(seconds=scaled_seconds())

    def sleep(seconds: float) -> None:
        time.sleep(seconds / SCALE)

    sent_at: list[float] = []
    with (
        FakeSlack(clock=scaled_seconds) as fake,
        fresh_database(url) as engine,
    ):
        fake.add_user(USER)
        fake.set_rate_limit("chat.postMessage", per_minute)
        owe(engine, rows, origin)
        report = drain(
            engine,
            outbox_client(settings_for(fake)),
            clock=clock,
            policy=Policy(batch_size=20),
            wait_until=clock() + timedelta(hours=1),
            sleep=_recording(sleep, sent_at, scaled_seconds),
        )
        assert report.sent == rows, report
        finished = scaled_seconds()
        ok_calls = sum(1 for c in fake.calls_to("chat.postMessage") if c.ok)
        assert ok_calls == rows
    # The first window is a burst of `per_minute`; after it, the limit is the only brake.
    steady = (rows - per_minute) / ((finished - sent_at[0]) / 60) if sent_at else 0.0
    return steady, finished / 60


def _recording(
    sleep: Callable[[float], None], marks: list[float], now: Callable[[], float]
) -> Callable[[float], None]:
    """Note when the dispatcher first had to wait (the end of the first burst)."""

    def wrapped(seconds: float) -> None:
        if not marks:
            marks.append(now())
        sleep(seconds)

    return wrapped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="Postgres URL (default: a fresh SQLite file)")
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--per-minute", type=int, default=120)
    args = parser.parse_args()
    kind = "postgres" if args.database_url else "sqlite"

    raw = baseline(args.rows)
    print(f"baseline  bare chat.postMessage loop, no database: {raw:8.0f} msg/s")
    ours = unlimited(args.database_url, args.rows)
    print(f"outbox    dispatcher on {kind}, no rate limit:      {ours:8.0f} msg/s")
    limited_rows = args.per_minute * 5
    steady, minutes = rate_limited(args.database_url, limited_rows, args.per_minute)
    print(
        f"limit     {args.per_minute}/min on the fake: {limited_rows} rows in {minutes:.2f} fake "
        f"min; steady {steady:.1f}/min = {steady / args.per_minute:.1%} of the allowed rate"
    )


if __name__ == "__main__":
    main()
