"""Fixtures for the CLI tests: the org CSV file `career-bot org import` reads."""

from pathlib import Path

import pytest


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    return tmp_path / "org.csv"
