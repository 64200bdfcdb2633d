"""Dispatcher throughput against the Slack fake, with baselines measured in the same run.

    .venv/bin/python -m bench.bench_dispatcher [--database-url URL] [--rows N] [--per-minute R]

1. baseline: a bare chat.postMessage loop on the fake (no database): the ceiling of the rig;
2. the dispatcher on the same fake without a rate limit: our own cost per message;
3. the dispatcher against the fake's rate limit of R per minute. Time runs SCALE times faster
   for the fake's window and clock and the dispatcher's clock and sleeps alike, so "minutes"
   pass in seconds; the figure is the steady rate after the first window's burst, as a share
   of R;
4. the same with 5% of the answers lost after Slack posted (the fake's "drop_after"): each
   such send is looked up in the conversation's history after a minute and found, not resent
   (the history check on, SLACK_HISTORY_CHECK, with its scopes).

The default database is a fresh SQLite file; pass a Postgres URL to measure that instead
(the bench creates and drops its own schema there).
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url

from bot.config import Settings
from bot.db import make_engine, session_scope
from bot.outbox.dispatch import drain
from bot.outbox.enqueue import Outgoing, enqueue_many
from bot.outbox.policy import Policy
from bot.outbox.report import Report
from bot.schema import upgrade
from bot.services.workspaces.registry import ensure_workspace
from bot.slack.client import one_client, outbox_client
from bot.slack.scopes import HISTORY_SCOPES
from tests.support.fakeslack import FakeSlack

PEOPLE = 100  # recipients the rows are spread over, as an outbox's are
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
            Outgoing(workspace.id, person(i), "bench", f"{now.timestamp()}-{i}", f"m{i}", now)
            for i in range(rows)
        ]
        enqueue_many(session=session, messages=messages, now=now)


def person(i: int) -> str:
    return f"U0BENCH{i % PEOPLE:03d}"


def add_people(fake: FakeSlack) -> None:
    for i in range(PEOPLE):
        fake.add_user(person(i))


def settings_for(fake: FakeSlack) -> Settings:
    return Settings(database_url="", slack_api_url=fake.api_url, bot_token=fake.bot_token)


def baseline(rows: int) -> float:
    with FakeSlack() as fake:
        add_people(fake)
        client = outbox_client(settings_for(fake))
        started = time.perf_counter()
        for i in range(rows):
            client.chat_postMessage(channel=person(i), text=f"m{i}")
        return rows / (time.perf_counter() - started)


def unlimited(url: str | None, rows: int) -> float:
    with FakeSlack() as fake, fresh_database(url) as engine:
        add_people(fake)
        owe(engine, rows, datetime.now(UTC))
        started = time.perf_counter()
        report = drain(engine, one_client(outbox_client(settings_for(fake))))
        elapsed = time.perf_counter() - started
        assert report.sent == rows, report
        return rows / elapsed


def rate_limited(
    url: str | None, rows: int, per_minute: int, *, lost_answers: float = 0.0
) -> tuple[float, float, Report]:
    """(steady sends per fake minute, fake minutes taken, the drain's report) under the limit."""
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
        fake.workspace.wall_clock = lambda: clock().timestamp()  # message ts on the same clock
        add_people(fake)
        fake.set_rate_limit("chat.postMessage", per_minute)
        if lost_answers:
            fake.inject("chat.postMessage", "drop_after", probability=lost_answers, seed=1)
            fake.grant(*HISTORY_SCOPES)  # the look-ups below need SLACK_HISTORY_CHECK's scopes
        owe(engine, rows, origin)
        report = drain(
            engine,
            one_client(outbox_client(settings_for(fake))),
            clock=clock,
            policy=Policy(batch_size=20, history_check=bool(lost_answers)),
            wait_until=clock() + timedelta(hours=1),
            sleep=_recording(sleep, sent_at, scaled_seconds),
        )
        assert report.sent + report.found_posted == rows, report
        assert report.found_posted > 0 or not lost_answers, report
        finished = scaled_seconds()
        posted = Counter(m["metadata"]["event_payload"]["delivery_id"] for m in fake.messages())
        assert len(posted) == rows and set(posted.values()) == {1}, "each row posted once"
    # The first window is a burst of `per_minute`; after it, the limit is the only brake.
    steady = (rows - per_minute) / ((finished - sent_at[0]) / 60) if sent_at else 0.0
    return steady, finished / 60, report


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
    steady, minutes, _ = rate_limited(args.database_url, limited_rows, args.per_minute)
    print(
        f"limit     {args.per_minute}/min on the fake: {limited_rows} rows in {minutes:.2f} fake "
        f"min; steady {steady:.1f}/min = {steady / args.per_minute:.1%} of the allowed rate"
    )
    steady, minutes, report = rate_limited(
        args.database_url, limited_rows, args.per_minute, lost_answers=0.05
    )
    print(
        f"lost 5%   the same, {report.unconfirmed} answers lost ({report.found_posted} found "
        f"posted, the rest sent again): {minutes:.2f} fake min, the last one waiting "
        f"{Policy().check_after.total_seconds():.0f} s to be looked up; "
        f"{steady:.1f}/min = {steady / args.per_minute:.1%} of the allowed rate overall"
    )


if __name__ == "__main__":
    main()
