"""Setting a person's Slack status in the fake and telling the app, as Slack would: a signed
`user_change` event through the app's HTTP entry."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tests.support import slack_requests
from tests.support.app_server import AppServer
from tests.support.world import TEAM


def change_status(
    app_server: AppServer, user_id: str, *, at: datetime, team_id: str = TEAM, **status: Any
) -> dict[str, Any]:
    """Set `user_id`'s status (text, emoji, expiration; none: cleared) and send `user_change`
    with event time `at`; returns the user the event carried."""
    user = app_server.fake.set_status(user_id, **status)
    body = slack_requests.user_change(user, team_id=team_id, event_time=int(at.timestamp()))
    code, _, _ = app_server.post(body)
    assert code == 200
    return user
