"""The planner benchmarks run, once each on a tiny population, on SQLite and Postgres.

Benchmarks, not timed tests: this only proves they still work and print their baselines,
ratios and statement counts (bench/README.md has the figures at 100,000 people).
"""

from __future__ import annotations

import pytest

from bench import bench_digests, bench_lapses
from tests.support.databases import DATABASES, POSTGRES_URL


def _url(kind: str) -> list[str]:
    return ["--database-url", POSTGRES_URL] if kind == "postgres" else []


@pytest.mark.parametrize("kind", DATABASES)
def test_bench_lapses_runs_and_prints_its_baseline(
    kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    bench_lapses.main(["--people", "300", *_url(kind)])
    out = capsys.readouterr().out
    assert "baseline: bare max(held_on)" in out and "x baseline)" in out
    assert "SQL statements per planning run: " in out


@pytest.mark.parametrize("kind", DATABASES)
def test_bench_digests_runs_and_prints_its_baseline_and_memory(
    kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    bench_digests.main(["--people", "300", "--repeat", "1", *_url(kind)])
    out = capsys.readouterr().out
    assert "baseline: bare aggregates" in out and "x baseline), peak RSS" in out
    assert "digests: 30; SQL statements per planning run: " in out
