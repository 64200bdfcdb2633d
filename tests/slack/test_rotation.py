"""Refreshing a rotating token: once across concurrent processes, never losing the new pair."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from slack_sdk.errors import SlackApiError
from sqlalchemy.engine import Engine

from bot.slack.installations import Installations, installation_store
from tests.support.fakeslack import FakeSlack
from tests.support.oauth_install import TEAM_A, bot_rows
from tests.support.rotation_world import ROTATING_TOKEN, MovingClock, oauth_of, rotating_install

REPLICAS = 6


@pytest.fixture
def clock(fake_slack: FakeSlack) -> MovingClock:
    clock = MovingClock()
    clock.follow(fake_slack)
    return clock


@pytest.fixture
def store(fake_slack: FakeSlack, engine: Engine, clock: MovingClock) -> Installations:
    """An installation with rotation on, granted by the fake and stored as Bolt stores it."""
    store = installation_store(oauth_of(fake_slack), engine, clock=clock)
    rotating_install(fake_slack, engine, store)
    return store


def _token(store: Installations) -> str | None:
    bot = store.fresh_bot(enterprise_id=None, team_id=TEAM_A)
    return bot.bot_token if bot is not None else None


def test_a_token_with_hours_left_is_used_as_it_is(
    store: Installations, fake_slack: FakeSlack, clock: MovingClock
) -> None:
    clock.advance(hours=9)
    assert _token(store) == ROTATING_TOKEN
    assert fake_slack.refreshes() == []


def test_replicas_refreshing_at_once_spend_the_refresh_token_once_and_keep_the_new_pair(
    store: Installations, fake_slack: FakeSlack, engine: Engine, clock: MovingClock
) -> None:
    clock.advance(hours=11)  # under 2 hours left: every replica wants to refresh
    replicas = [
        installation_store(oauth_of(fake_slack), engine, clock=clock) for _ in range(REPLICAS)
    ]
    start = threading.Barrier(REPLICAS)

    def refresh(replica: Installations) -> str | None:
        start.wait()
        return _token(replica)

    with ThreadPoolExecutor(REPLICAS) as pool:
        tokens = list(pool.map(refresh, replicas))

    (done,) = fake_slack.refreshes()  # one replica called Slack; the others found its token
    assert [c for c in fake_slack.calls_to("oauth.v2.access") if not c.ok] == []
    assert tokens == [done.response["access_token"]] * REPLICAS
    (row,) = bot_rows(engine)
    assert row["bot_refresh_token"] == done.response["refresh_token"]
    # The stored refresh token is the live one: 12 hours on, it renews again.
    clock.advance(hours=11)
    assert _token(store) not in (None, done.response["access_token"])
    assert len(fake_slack.refreshes()) == 2


def test_a_failed_refresh_keeps_a_token_that_still_works_and_fails_once_it_expired(
    store: Installations, fake_slack: FakeSlack, clock: MovingClock
) -> None:
    fake_slack.inject("oauth.v2.access", "error", error="internal_error", times=2)
    clock.advance(hours=11)
    assert _token(store) == ROTATING_TOKEN  # an hour left: the current one goes on
    clock.advance(hours=2)
    with pytest.raises(SlackApiError):
        _token(store)
    assert _token(store) != ROTATING_TOKEN  # Slack is back: refreshed with the kept token
    assert len(fake_slack.refreshes()) == 1
