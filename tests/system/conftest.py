"""Fixtures only tests/system/ uses."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine

from bot.config import Settings
from tests.support.app_server import AppServer
from tests.support.fakeslack import FakeSlack
from tests.support.hostile_input import TrackingExecutor, tracked_server
from tests.support.world import ADMIN


@pytest.fixture
def server(
    settings: Settings, engine: Engine, fake_slack: FakeSlack
) -> Iterator[tuple[AppServer, TrackingExecutor]]:
    fake_slack.add_user(ADMIN, email="root@example.com", name="root", is_admin=True)
    with tracked_server(settings, engine, fake_slack) as running:
        yield running
