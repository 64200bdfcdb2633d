"""Slack's 3 seconds under load: `/career-prep` acknowledged by the bot against a bare Bolt
app doing the same ack + `views.open`, in the same run, over HTTP and Socket Mode.

    .venv/bin/python -m bench.bench_requests [--database-url URL] [--concurrency 20 50]
        [--rounds N] [--modes http socket]

HTTP is the real `career-bot serve` (gunicorn, 2 workers of 8 threads) against the bare app
on the same gunicorn settings; Socket Mode is `career-bot run` against the bare app with
slack_bolt's defaults, each connected to a Slack fake of its own. Every round sends
`concurrency` commands at once (a barrier releases them) to the bare app, then the same to
the bot, so a drift in the machine's speed hits both. "Known" users sent a command before
(a warm-up round, not counted); "first sight" users are new to the bot in every round.
Printed per cell: p50/p95/p99 of the time to the ack, the share acknowledged under 3 s,
errors (no ack, a non-200, or a modal never opened), and the bot/bare ratios.
"""

from __future__ import annotations

import argparse
import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager

from bench.bench_dispatcher import fresh_database
from bench.request_rigs import Rig, http_rig, socket_rig

SLACK_DEADLINE = 3.0


def burst(rig: Rig, users: list[str]) -> list[tuple[bool, float]]:
    start = threading.Barrier(len(users))

    def one(user: str) -> tuple[bool, float]:
        start.wait()
        return rig.send(user)

    with ThreadPoolExecutor(max_workers=len(users)) as pool:
        return list(pool.map(one, users))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(rig: Rig, results: list[tuple[bool, float]]) -> dict[str, float]:
    deadline = time.monotonic() + 20
    while len(rig.fake.calls_to("views.open")) < len(results) and time.monotonic() < deadline:
        time.sleep(0.05)
    opened = len(rig.fake.calls_to("views.open"))
    times = [seconds for _, seconds in results]
    acked = sum(1 for ok, seconds in results if ok and seconds < SLACK_DEADLINE)
    return {
        "n": len(results),
        "p50": percentile(times, 0.50) * 1000,
        "p95": percentile(times, 0.95) * 1000,
        "p99": percentile(times, 0.99) * 1000,
        "under_3s": 100.0 * acked / len(results),
        "errors": sum(1 for ok, _ in results if not ok) + max(0, len(results) - opened),
    }


@contextmanager
def rigs(mode: str, database_url: str) -> Iterator[tuple[Rig, Rig]]:
    make = http_rig if mode == "http" else socket_rig
    with ExitStack() as stack:
        bare = stack.enter_context(make(False, database_url))  # the bare app has no database
        bot = stack.enter_context(make(True, database_url))
        yield bare, bot


def measure(
    mode: str, database_url: str, concurrency: int, rounds: int, first_sight: bool
) -> tuple[dict[str, float], dict[str, float]]:
    with rigs(mode, database_url) as (bare, bot):
        known = [f"U0KNOWN{n:04d}" for n in range(concurrency)]
        for rig in (bare, bot):
            for n, user in enumerate(known):
                rig.fake.add_user(user, tz="Europe/Paris" if n % 2 else "America/New_York")
            burst(rig, known)  # warm-up: the known users are known from here on
            rig.fake.wait_for("views.open", count=len(known), timeout=30)
            rig.fake.reset()
        got: dict[str, list[tuple[bool, float]]] = {bare.name: [], bot.name: []}
        for round_ in range(rounds):
            users = known
            if first_sight:
                users = [f"U0R{round_:03d}N{n:04d}" for n in range(concurrency)]
                for rig in (bare, bot):
                    for user in users:
                        rig.fake.add_user(user, tz="Asia/Tokyo")
            for rig in (bare, bot):
                got[rig.name] += burst(rig, users)
        return summary(bare, got[bare.name]), summary(bot, got[bot.name])


def report(title: str, bare: dict[str, float], bot: dict[str, float]) -> None:
    def row(name: str, s: dict[str, float]) -> str:
        return (
            f"  {name:5} n={s['n']:4.0f}  p50 {s['p50']:7.1f} ms  p95 {s['p95']:7.1f} ms  "
            f"p99 {s['p99']:7.1f} ms  acked<3s {s['under_3s']:5.1f}%  errors {s['errors']:.0f}"
        )

    print(title, f"(load average {os.getloadavg()[0]:.1f})", flush=True)
    print(row("bare", bare))
    print(row("bot", bot))
    ratios = "  ".join(f"{k} {bot[k] / bare[k]:.2f}x" for k in ("p50", "p95", "p99"))
    print(f"  ratio bot/bare: {ratios}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None, help="Postgres URL (default SQLite)")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[20, 50])
    parser.add_argument("--rounds", type=int, default=10)
    modes, users = ["http", "socket"], ["known", "first"]
    parser.add_argument("--modes", nargs="+", choices=modes, default=modes)
    parser.add_argument("--users", nargs="+", choices=users, default=users)
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs; {'Postgres' if args.database_url else 'SQLite'}", flush=True)
    for mode in args.modes:
        for concurrency in args.concurrency:
            for users in args.users:
                with fresh_database(args.database_url) as engine:
                    url = engine.url.render_as_string(hide_password=False)
                    bare, bot = measure(
                        mode, url, concurrency, args.rounds, first_sight=users == "first"
                    )
                report(f"{mode}, {concurrency} concurrent, {users} users:", bare, bot)


if __name__ == "__main__":
    main()
