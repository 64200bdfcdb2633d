"""Rotating tokens and Enterprise Grid orgs: a clock tests move, and the requests they send."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from bot.config import Settings
from bot.db import session_scope
from bot.models import Person, Workspace
from bot.slack.installations import Installations
from tests.support import slack_requests
from tests.support.app_server import AppServer
from tests.support.fakeslack import FakeSlack
from tests.support.oauth_install import OAUTH_TABLES, TEAM_A

ORG, ORG_NAME = "E0GLOBEX01", "Globex"
ORG_TOKEN = "xoxb-org-token"
ROTATING_TOKEN = "xoxe.xoxb-1-first"


@dataclass
class MovingClock:
    """The test's clock: the app and the fake read it; the test moves it."""

    now: datetime = field(default_factory=lambda: datetime.now(UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)

    def follow(self, fake: FakeSlack) -> None:
        """Make the fake's time (token expiry) this clock's."""
        fake.clock = lambda: self.now.timestamp()


def oauth_of(fake: FakeSlack) -> Settings:
    return Settings(
        database_url="unused",
        slack_api_url=fake.api_url,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
    )


def send_event(
    server: AppServer,
    event: dict[str, Any],
    *,
    team: str,
    enterprise_id: str | None = None,
    org_wide: bool = False,
    event_id: str | None = None,
) -> None:
    body = slack_requests.event_callback(
        event,
        team_id=team,
        event_id=event_id or f"Ev{event['type']}{team}",
        enterprise_id=enterprise_id,
        org_wide=org_wide,
    )
    status, _, _ = server.post(body)
    assert status == 200


def open_home(
    server: AppServer, *, team: str, user: str, org_wide: bool = False, event_id: str = ""
) -> str:
    """The Home tab `user` of `team` opens; the token it was published with."""
    before = len(server.fake.calls_to("views.publish"))
    event = slack_requests.app_home_opened(user, team_id=team)
    send_event(
        server,
        event,
        team=team,
        enterprise_id=ORG if org_wide else None,
        org_wide=org_wide,
        event_id=event_id or f"Evhome{team}{user}",
    )
    calls = server.fake.wait_for("views.publish", before + 1)
    (call,) = [c for c in calls[before:] if c.args["user_id"] == user]
    return str(call.token)


def wait_until(condition: Any) -> None:
    deadline = datetime.now(UTC) + timedelta(seconds=5)
    while not condition():
        assert datetime.now(UTC) < deadline, "timed out"
        threading.Event().wait(0.02)


def workspace_of(engine: Engine, team: str) -> Workspace:
    with session_scope(engine) as session:
        return session.exec(select(Workspace).where(col(Workspace.slack_team_id) == team)).one()


def people_by_workspace(engine: Engine) -> list[tuple[str, str]]:
    with session_scope(engine) as session:
        rows = session.exec(
            select(Person.slack_user_id, Workspace.slack_team_id).join(
                Workspace, col(Workspace.id) == col(Person.workspace_id)
            )
        ).all()
    return sorted((row[0], row[1]) for row in rows)


def rotating_install(fake: FakeSlack, engine: Engine, store: Installations) -> None:
    """An installation of TEAM_A with rotation on, granted by the fake (its access token
    expiring 12 hours after the fake's now) and saved in `store` as Bolt saves one."""
    with engine.begin() as connection:
        for table in OAUTH_TABLES.values():
            connection.execute(delete(table))
    fake.add_oauth_code("c", team_id=TEAM_A, bot_token=ROTATING_TOKEN, rotating=True)
    answer = WebClient(base_url=fake.api_url).oauth_v2_access(
        client_id=fake.client_id, client_secret=fake.client_secret, code="c"
    )
    expires_at = fake.expires_at(ROTATING_TOKEN)
    assert expires_at is not None
    store.save(
        Installation(
            app_id="A0APP00001",
            team_id=TEAM_A,
            user_id="U0INSTALL1",
            bot_token=answer["access_token"],
            bot_id="B0BOT00001",
            bot_user_id="U0BOT00001",
            bot_refresh_token=answer["refresh_token"],
            bot_token_expires_at=int(expires_at),
        )
    )
