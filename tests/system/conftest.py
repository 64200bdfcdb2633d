"""Fixtures of the system tests: the errors listeners logged."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest


@pytest.fixture
def failures(caplog: pytest.LogCaptureFixture) -> Callable[[], list[str]]:
    """Errors any listener logged, also those raised after the ack (they answer no 5xx)."""
    caplog.set_level(logging.ERROR)

    def logged() -> list[str]:
        return [
            f"{r.name}: {r.getMessage()} {r.exc_info[1]!r}" if r.exc_info else r.getMessage()
            for r in caplog.records
            if r.levelno >= logging.ERROR
        ]

    return logged
