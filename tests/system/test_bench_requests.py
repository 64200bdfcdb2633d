"""bench/bench_requests.py and bench/bench_memory.py, run once each at a tiny size: they start
the bot and the bare app, send their traffic, and print their same-run baseline and ratio.
Benchmarks, not timed tests: nothing here judges a figure."""

from __future__ import annotations

import subprocess
import sys

from tests.support.slack_reference import REPO_ROOT


def _run(*argv: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", *argv], cwd=REPO_ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_bench_requests_measures_the_bot_against_the_bare_app_over_http_and_socket_mode() -> None:
    out = _run("bench.bench_requests", "--concurrency", "3", "--rounds", "1")
    for title in ("http, 3 concurrent, known", "http, 3 concurrent, first", "socket, 3 concurrent"):
        assert title in out, out
    assert out.count("ratio bot/bare: p50") == 4, out
    assert out.count("  bare  n=   3") == 4 and out.count("  bot   n=   3") == 4, out


def test_bench_memory_prints_rss_per_worker_against_the_bare_app() -> None:
    out = _run("bench.bench_memory", "--requests", "40", "--every", "20")
    assert "at start: bare [" in out, out
    assert out.count("requests: bare [") == 2 and "bot since 20: " in out, out
