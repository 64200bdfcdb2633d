"""Memory of `career-bot serve` per worker against the bare Bolt app, and whether it stays
flat as requests go by, measured in the same run.

    .venv/bin/python -m bench.bench_memory [--database-url URL] [--requests N] [--every K]

Both run on gunicorn with 2 workers of 8 threads. Each gets the same mixed traffic: every
`/career-prep` word people type most (prep, help, goals, settings, history, skills, guide)
and the Home tab opened, from 200 known people and a newcomer every tenth request, one at a
time. Printed every K requests: the resident memory (RSS) of each worker, the bot's mean
over the bare app's, and the bot's growth since the first checkpoint.
"""

from __future__ import annotations

import argparse
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.bench_dispatcher import fresh_database
from bench.request_rigs import TEAM, Rig, http_rig
from tests.support import slack_requests
from tests.support.app_server import SIGNING_SECRET

WORDS = ("", "help", "goals", "settings", "history", "skills", "guide")
AT_ONCE = 1


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def body(rig: Rig, n: int) -> bytes:
    user = f"U0NEW{n:07d}" if n % 10 == 0 else f"U0MEM{n % 200:04d}"
    if n < 200 or n % 10 == 0:
        rig.fake.add_user(user, tz="Europe/Paris")
    if n % 7 == 3:
        event = slack_requests.app_home_opened(user, team_id=TEAM)
        return slack_requests.event_callback(event, team_id=TEAM, event_id=f"Ev{n:010d}")
    trigger = rig.fake.issue_trigger_id()
    return slack_requests.slash_command(
        WORDS[n % len(WORDS)], user_id=user, team_id=TEAM, trigger_id=trigger
    )


def traffic(rig: Rig, start: int, stop: int) -> int:
    """Send requests `start`..`stop`; how many were not answered 200."""

    def one(signed: bytes) -> bool:
        try:
            status, _, _ = slack_requests.post(rig.url, signed, secret=SIGNING_SECRET)
        except OSError:  # no answer within 10 s
            return False
        return status == 200

    failed = 0
    with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:
        # Bodies are built here, in one thread, a few at a time: the fake's directory is not
        # for several writers, and a trigger id expires 3 s after it is issued.
        for chunk in range(start, stop, AT_ONCE * 4):
            bodies = [body(rig, n) for n in range(chunk, min(stop, chunk + AT_ONCE * 4))]
            failed += sum(1 for ok in pool.map(one, bodies) if not ok)
    rig.fake.reset()  # the fake's record of calls is the bench's memory, not the bot's
    return failed


def per_worker(rig: Rig) -> list[float]:
    return sorted(rss_mb(pid) for pid in rig.pids())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None, help="Postgres URL (default SQLite)")
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--every", type=int, default=2_000)
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs; {'Postgres' if args.database_url else 'SQLite'}", flush=True)
    with fresh_database(args.database_url) as engine:
        url = engine.url.render_as_string(hide_password=False)
        with http_rig(False, url) as bare, http_rig(True, url) as bot:
            print(f"at start: bare {per_worker(bare)} MB, bot {per_worker(bot)} MB", flush=True)
            first: float | None = None
            for done in range(args.every, args.requests + 1, args.every):
                failed = sum(traffic(rig, done - args.every, done) for rig in (bare, bot))
                bare_mb, bot_mb = per_worker(bare), per_worker(bot)
                mean_bare, mean_bot = sum(bare_mb) / len(bare_mb), sum(bot_mb) / len(bot_mb)
                first = mean_bot if first is None else first
                print(
                    f"{done:6d} requests: bare {bare_mb} MB, bot {bot_mb} MB per worker; "
                    f"bot - bare {mean_bot - mean_bare:+.1f} MB, bot {mean_bot / mean_bare:.2f}x; "
                    f"bot since {args.every}: {mean_bot - first:+.1f} MB; "
                    f"not 200: {failed} (load average {os.getloadavg()[0]:.1f})",
                    flush=True,
                )


if __name__ == "__main__":
    main()
