"""The Home tests' world: Ada reports to Grace, the app's clock pinned to a working hour."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine

from bot.db import session_scope
from bot.models import ActionItem, Conversation
from bot.services.org.people import person_for
from tests.support import slack_requests
from tests.support.app_server import AppServer
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.blockkit import check_view
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER

TEAM = "T0TEST0001"
BERLIN = ZoneInfo("Europe/Berlin")  # where the fake's people live
# The app's clock, pinned to a working hour (10:00 UTC, 11:00 in Berlin where the fake's people
# live) on the latest weekday: a nudge is only sent at once in its recipient's working hours.
_DAY = datetime.now(UTC).date()
_DAY -= timedelta(days=max(0, _DAY.weekday() - 4))
NOW = datetime.combine(_DAY, time(10), tzinfo=UTC)
TODAY = NOW.date()


class Pinned:
    """The app's clock, pinned at `at` (a test may move it)."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def utc(at: datetime) -> datetime:
    """A datetime read back from the database: SQLite returns it naive (in UTC)."""
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def seed(engine: Engine, *, days_ago: int = 100) -> dict[str, int]:
    """Ada reports to Grace; they last talked `days_ago` days ago; Ada owns one open item."""
    with session_scope(engine) as session:
        people = {
            user: person_for(session=session, slack_team_id=TEAM, slack_user_id=user, now=NOW)
            for user in (EMPLOYEE, MANAGER, STRANGER)
        }
        ada, grace = people[EMPLOYEE], people[MANAGER]
        ada.manager_id = grace.id
        session.add(ada)
        held = TODAY - timedelta(days=days_ago)
        conversation = Conversation(
            workspace_id=ada.workspace_id,
            employee_id=ada.id or 0,
            partner_id=grace.id or 0,
            held_on=held,
            logged_by_id=grace.id or 0,
            created_at=NOW,
            updated_at=NOW,
        )
        session.add(conversation)
        session.flush()
        item = ActionItem(
            conversation_id=conversation.id or 0,
            owner_id=ada.id or 0,
            body="Shadow an <!here> on-call week",
            due_on=TODAY,
            created_at=NOW,
        )
        session.add(item)
        session.flush()
        return {"item": item.id or 0, **{u: p.id or 0 for u, p in people.items()}}


def open_home(app_server: AppServer, user: str, count: int = 1) -> dict[str, Any]:
    body = slack_requests.event_callback(
        slack_requests.app_home_opened(user, team_id=TEAM),
        team_id=TEAM,
        event_id=f"Ev{user}{count}",
    )
    assert app_server.post(body)[0] == 200
    return published(app_server, user, count)


def published(app_server: AppServer, user: str, count: int) -> dict[str, Any]:
    calls = [
        c
        for c in app_server.fake.wait_for("views.publish", count=count)
        if c.args["user_id"] == user
    ]
    assert calls, f"no Home published for {user}"
    view: dict[str, Any] = calls[-1].args["view"]
    assert check_view(view) == []
    return view


def press(app_server: AppServer, user: str, action_id: str, value: str) -> None:
    body = slack_requests.block_actions(
        user_id=user,
        team_id=TEAM,
        action_id=action_id,
        value=value,
        trigger_id=app_server.fake.issue_trigger_id(),
        view=slack_requests.view_object("V0HOME0001", team_id=TEAM, view_type="home"),
    )
    assert app_server.post(body)[0] == 200


def pinned_clock(fake_slack: FakeSlack) -> Pinned:
    """The app's clock for a Home test module's `app_clock`, pinned at NOW."""
    clock = Pinned(NOW)
    # Slack's timestamps follow the same clock, so a look-up of a lost answer finds it.
    fake_slack.workspace.wall_clock = lambda: clock().timestamp()
    return clock
