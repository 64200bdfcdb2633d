"""Fixtures the outbox's tests share: a frozen clock at T0, the single-token outbox client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from freezegun import freeze_time
from freezegun.api import FrozenDateTimeFactory

from bot.config import Settings
from bot.slack.client import Clients, one_client, outbox_client
from tests.support.outbox_owed import T0


@pytest.fixture
def frozen() -> Iterator[FrozenDateTimeFactory]:
    with freeze_time(T0) as factory:
        yield factory


@pytest.fixture
def client(settings: Settings) -> Clients:
    """The single-token install: one outbox client for every workspace."""
    return one_client(outbox_client(settings, timeout=5))
