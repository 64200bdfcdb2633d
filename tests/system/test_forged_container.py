"""A click (or a modal) naming a message of the bot that is not the clicker's own message of
that kind does not rewrite it: the guide's "Another question" and the lapse reminder's
"Schedule it". Both ways of checking: the outbox's record (the default) and, with the history
check on, reading the clicker's DM."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk import WebClient
from sqlalchemy.engine import Engine

from bot.blocks.ids import Guide as GuideIds
from bot.config import Settings
from bot.slack.scopes import HISTORY_SCOPES
from tests.support import slack_requests
from tests.support.app_server import AppServer
from tests.support.factories import report_to_manager
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER
from tests.support.fakeslack.server import RESPONSE_URL
from tests.support.rows import planned_day
from tests.support.slack_ui import (
    click_schedule,
    open_guide,
    opened,
    outbox_recorded,
    reminder_in_dm,
    submit,
)
from tests.support.world import TEAM

RECAP = "Your recap with Grace"


@pytest.fixture(params=[False, True], ids=["outbox-record", "history-check"])
def settings(settings: Settings, fake_slack: FakeSlack, request: pytest.FixtureRequest) -> Settings:
    if request.param:
        fake_slack.grant(*HISTORY_SCOPES)
    return replace(settings, history_check=request.param)


def _bot_message(app_server: AppServer, user: str) -> tuple[str, str]:
    """Another message of the bot in `user`'s DM (a recap, say); its (channel, ts)."""
    fake = app_server.fake
    client = WebClient(token=fake.bot_token, base_url=fake.api_url)
    ts = str(client.chat_postMessage(channel=user, text=RECAP)["ts"])
    return fake.dm_channel(user), ts


def _another_question(app_server: AppServer, channel: str, ts: str) -> None:
    body = slack_requests.block_actions(
        user_id=EMPLOYEE,
        team_id=TEAM,
        action_id=GuideIds.ALTERNATIVE_PROMPT,
        block_id=GuideIds.ACTIONS,
        value="shown:",
        trigger_id=app_server.fake.issue_trigger_id(),
        channel_id=channel,
        message={"type": "message", "ts": ts, "text": "", "blocks": []},
    )
    assert app_server.post(body)[0] == 200


def test_another_question_rewrites_the_clickers_own_guide(
    app_server: AppServer, engine: Engine, settings: Settings
) -> None:
    guide = open_guide(app_server)
    outbox_recorded(engine, guide["ts"])
    _another_question(app_server, guide["channel"], guide["ts"])
    fake = app_server.fake
    (update,) = fake.wait_for("chat.update")
    assert update.ok and (update.args["channel"], update.args["ts"]) == (
        guide["channel"],
        guide["ts"],
    )
    assert bool(fake.calls_to("conversations.history")) is settings.history_check


def test_another_question_rewrites_only_the_clickers_own_guide(app_server: AppServer) -> None:
    open_guide(app_server)
    fake = app_server.fake
    # Someone else's message, and another message of the bot in Ada's own DM.
    for channel, ts in (_bot_message(app_server, MANAGER), _bot_message(app_server, EMPLOYEE)):
        _another_question(app_server, channel, ts)
    told = fake.wait_for(RESPONSE_URL, count=2)
    assert all("isn't on a guide I sent you" in t.args["text"] for t in told)
    assert fake.calls_to("chat.update") == []
    assert [m["text"] for m in fake.messages() if m["text"] == RECAP] == [RECAP, RECAP]


def test_a_schedule_naming_another_message_saves_the_day_but_rewrites_nothing(
    app_server: AppServer, engine: Engine
) -> None:
    ada = report_to_manager(engine)[EMPLOYEE]
    channel, ts = reminder_in_dm(app_server, engine, ada)
    fake = app_server.fake
    click_schedule(app_server, ada, MANAGER, channel, ts)
    call = fake.wait_for("views.open")[-1]
    view = opened(call.args["view"], call.response["view"])
    # The modal's metadata forged to name Grace's recap instead of the reminder.
    _, recap_ts = _bot_message(app_server, MANAGER)
    view["private_metadata"] = view["private_metadata"].replace(ts, recap_ts)
    assert recap_ts in view["private_metadata"]
    day = datetime.now(UTC).date() + timedelta(days=7)
    assert submit(app_server, view, {"planned_on": day}, MANAGER) == {}
    fake.wait_for("files.completeUploadExternal")  # the invite: the listener got to the end
    assert planned_day(engine, ada) == day
    assert fake.calls_to("chat.update") == []
    assert [m["text"] for m in fake.messages(channel) if m["ts"] == recap_ts] == [RECAP]
