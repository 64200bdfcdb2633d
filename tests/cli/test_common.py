"""bot/cli/common.py: the token check every Slack-facing command starts with, and the token
for `--workspace` in OAuth mode (the installation's, refreshed if expiring)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine

from bot.cli.common import acting_in, check_token
from bot.config import Settings
from bot.slack.installations import installation_store
from bot.slack.scopes import HISTORY_SCOPES, PROFILE_SCOPES
from tests.support.fakeslack import FakeSlack
from tests.support.oauth_install import TEAM_A
from tests.support.rotation_world import ROTATING_TOKEN, MovingClock, oauth_of, rotating_install


def test_a_command_acting_in_a_workspace_uses_a_refreshed_token(
    fake_slack: FakeSlack, engine: Engine
) -> None:
    # Granted 11 hours ago: an hour left, under the 2 hours a token is refreshed before.
    MovingClock(datetime.now(UTC) - timedelta(hours=11)).follow(fake_slack)
    settings = oauth_of(fake_slack)
    rotating_install(fake_slack, engine, installation_store(settings, engine))

    acting = acting_in(settings, engine, TEAM_A)

    (refresh,) = fake_slack.refreshes()
    assert acting.bot_token == refresh.response["access_token"] != ROTATING_TOKEN


def test_the_default_features_start_without_a_warning(
    settings: Settings, fake_slack: FakeSlack, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check_token(settings) == fake_slack.team_id
    assert capsys.readouterr().err == ""


def test_an_opted_in_feature_whose_scope_the_token_lacks_is_warned_about_with_the_fix(
    settings: Settings, fake_slack: FakeSlack, capsys: pytest.CaptureFixture[str]
) -> None:
    opted_in = replace(settings, manager_profile_field="Xf0123ABCD", history_check=True)
    assert check_token(opted_in) == fake_slack.team_id
    profile, history = capsys.readouterr().err.splitlines()
    assert profile.startswith("career-bot: warning: SLACK_MANAGER_PROFILE_FIELD is set")
    assert "users.profile:read" in profile and "reinstall the app" in profile
    assert history.startswith("career-bot: warning: SLACK_HISTORY_CHECK is on")
    assert "im:history, channels:history, groups:history" in history

    fake_slack.grant(*PROFILE_SCOPES, *HISTORY_SCOPES)
    check_token(opted_in)
    assert capsys.readouterr().err == ""
