"""A fake Slack Web API for tests: the real slack_sdk client talks to it over loopback HTTP."""

from tests.support.fakeslack.server import Call, FakeSlack

__all__ = ["Call", "FakeSlack"]
