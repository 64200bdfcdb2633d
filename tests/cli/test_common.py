"""bot/cli/common.py: the token check every Slack-facing command starts with."""

from dataclasses import replace

import pytest

from bot.cli.common import check_token
from bot.config import Settings
from bot.slack.scopes import HISTORY_SCOPES, PROFILE_SCOPES
from tests.support.fakeslack import FakeSlack


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
