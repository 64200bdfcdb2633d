"""With the history check off (the default), a nudge from Home whose answer was lost.

The manager is told plainly that Slack didn't confirm it; the delivery is `unknown`, never
looked up in Slack's history and never sent again.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.blocks.ids import Home as Ids
from bot.blocks.replies import NUDGE_UNCONFIRMED
from bot.clock import Clock
from bot.config import Settings
from bot.jobs import JobContext, job_named
from bot.models import Delivery
from tests.support.app_server import AppServer
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER
from tests.support.home_world import NOW, pinned_clock, press, published, seed


@pytest.fixture
def app_clock(fake_slack: FakeSlack) -> Clock:
    return pinned_clock(fake_slack)  # NOW, a working hour for both


def test_a_nudge_whose_answer_was_lost_says_so_and_is_never_resent(
    app_server: AppServer, engine: Engine, settings: Settings, fake_slack: FakeSlack
) -> None:
    assert settings.history_check is False
    ids = seed(engine)
    fake_slack.inject("chat.postMessage", "drop_after", times=3)  # posted, every answer lost
    press(app_server, MANAGER, Ids.NUDGE_REPORT, str(ids[EMPLOYEE]))
    notice = json.dumps(published(app_server, MANAGER, 1), ensure_ascii=False)
    assert NUDGE_UNCONFIRMED.format(user=EMPLOYEE) in notice
    with Session(engine) as session:
        (row,) = session.exec(select(Delivery)).all()
    assert row.state == "unknown"
    job = job_named("deliver")
    assert job is not None
    for later in (timedelta(minutes=2), timedelta(days=1)):
        context = JobContext(settings=settings, engine=engine, clock=lambda at=NOW + later: at)
        assert job.run(context)["sent"] == 0
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
    assert len(fake_slack.messages(fake_slack.dm_channel(EMPLOYEE))) == 1
    assert fake_slack.calls_to("conversations.history") == []
