"""pytest fixtures for the fake Slack (loaded through `pytest_plugins` in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support import slack_request_parts
from tests.support.fakeslack.server import FakeSlack

EMPLOYEE = "U0EMPLOYEE1"
MANAGER = "U0MANAGER1"
STRANGER = "U0STRANGER1"


@pytest.fixture
def fake_slack(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSlack]:
    """A started FakeSlack with three users; fails the test if any call broke Slack's rules."""
    with FakeSlack() as fake:
        monkeypatch.setattr(slack_request_parts, "HOOKS_BASE", fake.base_url.rstrip("/") + "/hooks")
        fake.add_user(EMPLOYEE, email="ada@example.com", name="ada", real_name="Ada Lovelace")
        fake.add_user(MANAGER, email="grace@example.com", name="grace", real_name="Grace Hopper")
        fake.add_user(STRANGER, email="eve@example.com", name="eve", real_name="Eve Example")
        yield fake
        fake.assert_no_violations()
