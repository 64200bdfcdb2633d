"""bench/bench_org_import.py runs, on a tiny file, on each database: a benchmark that CI proves
works (its figures are for people to read, not for a test to judge)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.databases import DATABASES, POSTGRES_URL

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("kind", DATABASES)
def test_the_org_import_benchmark_runs_and_prints_its_baseline_and_ratios(kind: str) -> None:
    where = ["--database-url", POSTGRES_URL] if kind == "postgres" else []
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_org_import", "--rows", "30", *where],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert re.search(r"baseline: one bare INSERT of the person rows +\d+ ms", out), out
    assert re.search(r"apply, empty workspace \(30 added\) +\d+ ms +\d+\.\dx +\d+ SQL", out), out
    assert re.search(r"apply again \(1 changed, 10 left\) .*x +\d+ SQL statements", out), out
    assert "30 lookupByEmail" in out
