"""Fixtures only tests/system/ uses: the errors listeners logged, and the tracked app."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy.engine import Engine

from bot.config import Settings
from tests.support.app_server import AppServer
from tests.support.fakeslack import FakeSlack
from tests.support.hostile_input import TrackingExecutor, tracked_server
from tests.support.world import ADMIN


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


@pytest.fixture
def server(
    settings: Settings, engine: Engine, fake_slack: FakeSlack
) -> Iterator[tuple[AppServer, TrackingExecutor]]:
    fake_slack.add_user(ADMIN, email="root@example.com", name="root", is_admin=True)
    with tracked_server(settings, engine, fake_slack) as running:
        yield running
