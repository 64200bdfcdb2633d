"""The CLI's token for `--workspace` in OAuth mode: the installation's, refreshed if expiring."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine

from bot.cli.common import acting_in
from bot.slack.installations import installation_store
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
