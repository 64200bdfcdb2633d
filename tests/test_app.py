"""The Bolt app factory."""

import logging

import pytest
from sqlalchemy.engine import Engine

from bot.app import build_app
from bot.config import Settings


def test_starting_the_app_logs_no_warning_about_the_token(
    settings: Settings,
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Bolt reads SLACK_BOT_TOKEN itself and, handed our client too, used to warn on every
    # start that the token "will be unused" (our client carries that very token).
    monkeypatch.setenv("SLACK_BOT_TOKEN", settings.bot_token or "xoxb-1")
    with caplog.at_level(logging.INFO):
        app = build_app(settings, engine=engine)
    assert app.client.token == settings.bot_token
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
