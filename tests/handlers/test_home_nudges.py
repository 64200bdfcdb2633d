"""App Home through signed HTTP: a manager nudges a lapsed report, once a day, in working hours."""

import json
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.blocks.ids import Home as Ids
from bot.clock import Clock
from bot.config import Settings
from bot.db import session_scope
from bot.jobs import JobContext, job_named
from bot.models import Delivery, Person
from bot.slack.scopes import HISTORY_SCOPES
from tests.support.app_server import AppServer
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER
from tests.support.home_world import (
    BERLIN,
    NOW,
    TODAY,
    Pinned,
    open_home,
    pinned_clock,
    press,
    published,
    seed,
    utc,
)


@pytest.fixture
def app_clock(fake_slack: FakeSlack) -> Clock:
    """Every test here runs at NOW, a working hour (see tests/support/home_world.py)."""
    return pinned_clock(fake_slack)


@pytest.fixture
def settings(settings: Settings, fake_slack: FakeSlack) -> Settings:
    """The history check on, with its scopes: a lost answer is looked up (off: test_scopes)."""
    fake_slack.grant(*HISTORY_SCOPES)
    return replace(settings, history_check=True)


def test_a_manager_sees_each_report_with_status_and_can_nudge_once_a_day(
    app_server: AppServer, engine: Engine
) -> None:
    ids = seed(engine, days_ago=100)
    text = json.dumps(open_home(app_server, MANAGER), ensure_ascii=False)
    assert f"<@{EMPLOYEE}> · :red_circle: lapsed · 100 days since the last one" in text

    press(app_server, MANAGER, Ids.NUDGE_REPORT, str(ids[EMPLOYEE]))
    (dm,) = app_server.fake.wait_for("chat.postMessage")
    assert dm.args["channel"] == EMPLOYEE
    assert f"<@{MANAGER}> would like to have a career conversation" in dm.args["text"]
    assert "Nudged" in json.dumps(published(app_server, MANAGER, 2), ensure_ascii=False)

    press(app_server, MANAGER, Ids.NUDGE_REPORT, str(ids[EMPLOYEE]))
    assert "already nudged" in json.dumps(published(app_server, MANAGER, 3), ensure_ascii=False)
    assert len(app_server.fake.calls_to("chat.postMessage")) == 1
    with Session(engine) as session:
        (row,) = session.exec(select(Delivery)).all()
        assert (row.state, row.slack_ts) == ("sent", dm.response["ts"])


def test_nobody_can_nudge_someone_elses_report(app_server: AppServer, engine: Engine) -> None:
    ids = seed(engine)
    press(app_server, STRANGER, Ids.NUDGE_REPORT, str(ids[EMPLOYEE]))
    assert "isn't yours to change" in json.dumps(
        published(app_server, STRANGER, 1), ensure_ascii=False
    )
    assert app_server.fake.calls_to("chat.postMessage") == []


def test_a_failed_nudge_can_be_tried_again(app_server: AppServer, engine: Engine) -> None:
    ids = seed(engine)
    app_server.fake.inject("chat.postMessage", "error", error="account_inactive", times=1)
    press(app_server, MANAGER, Ids.NUDGE_REPORT, str(ids[EMPLOYEE]))
    assert "didn't deliver" in json.dumps(published(app_server, MANAGER, 1), ensure_ascii=False)
    press(app_server, MANAGER, Ids.NUDGE_REPORT, str(ids[EMPLOYEE]))
    assert "Nudged" in json.dumps(published(app_server, MANAGER, 2), ensure_ascii=False)


def _nudges_in_dm(app_server: AppServer) -> list[dict[str, Any]]:
    fake = app_server.fake
    return [
        m
        for m in fake.messages(fake.dm_channel(EMPLOYEE))
        if "would like to have a career conversation" in str(m["text"])
    ]


def _deliver(settings: Settings, engine: Engine, at: datetime) -> dict[str, int]:
    job = job_named("deliver")
    assert job is not None
    return job.run(JobContext(settings=settings, engine=engine, clock=lambda: at))


def test_a_nudge_whose_answer_was_lost_is_looked_up_and_arrives_once(
    app_server: AppServer, engine: Engine, settings: Settings
) -> None:
    ids = seed(engine)
    # Slack posts the nudge but the answer is lost, as often as a retrying client asks.
    app_server.fake.inject("chat.postMessage", "drop_after", times=3)
    press(app_server, MANAGER, Ids.NUDGE_REPORT, str(ids[EMPLOYEE]))
    notice = json.dumps(published(app_server, MANAGER, 1), ensure_ascii=False)
    assert len(_nudges_in_dm(app_server)) == 1  # Slack posted it once: it was not retried
    assert "arrives once, shortly" in notice  # not "didn't deliver": it may well have
    with Session(engine) as session:
        (row,) = session.exec(select(Delivery)).all()
        assert (row.state, row.send_started_at) == ("pending", NOW)
    assert _deliver(settings, engine, NOW + timedelta(minutes=2))["found_posted"] == 1
    (nudge,) = _nudges_in_dm(app_server)
    with Session(engine) as session:
        (row,) = session.exec(select(Delivery)).all()
        assert (row.state, row.slack_ts) == ("sent", nudge["ts"])
    assert len(app_server.fake.calls_to("chat.postMessage")) == 1


def test_a_nudge_clicked_in_the_reports_evening_waits_for_their_next_working_morning(
    app_server: AppServer, engine: Engine, settings: Settings, app_clock: Pinned
) -> None:
    ids = seed(engine)
    with session_scope(engine) as session:
        ada = session.get(Person, ids[EMPLOYEE])
        assert ada is not None
        ada.tz = "Europe/Berlin"  # as Slack's users.info tells once she has used the bot
        session.add(ada)
    evening = datetime.combine(TODAY, time(21), tzinfo=UTC)  # 22:00 or 23:00 in Berlin
    app_clock.at = evening
    press(app_server, MANAGER, Ids.NUDGE_REPORT, str(ids[EMPLOYEE]))
    notice = json.dumps(published(app_server, MANAGER, 1), ensure_ascii=False)
    assert "queued: it arrives at their next working morning" in notice
    assert app_server.fake.calls_to("chat.postMessage") == []
    with Session(engine) as session:
        (row,) = session.exec(select(Delivery)).all()
    morning = utc(row.not_before).astimezone(BERLIN)
    assert (morning.time(), morning.weekday() < 5, morning > evening) == (time(9), True, True)

    assert _deliver(settings, engine, utc(row.not_before) - timedelta(minutes=1))["sent"] == 0
    assert _deliver(settings, engine, utc(row.not_before))["sent"] == 1
    assert len(_nudges_in_dm(app_server)) == 1


def test_a_nudge_to_a_report_whose_status_says_away_waits_and_the_manager_is_told(
    app_server: AppServer, engine: Engine
) -> None:
    ids = seed(engine)
    with session_scope(engine) as session:
        ada = session.get(Person, ids[EMPLOYEE])
        assert ada is not None
        ada.away, ada.away_until = True, NOW + timedelta(days=3)  # as users.info told
        session.add(ada)
    press(app_server, MANAGER, Ids.NUDGE_REPORT, str(ids[EMPLOYEE]))
    notice = json.dumps(published(app_server, MANAGER, 1), ensure_ascii=False)
    assert "Slack status says they're away" in notice and "first working morning back" in notice
    assert app_server.fake.calls_to("chat.postMessage") == []
    with Session(engine) as session:
        (row,) = session.exec(select(Delivery)).all()
    assert row.state == "pending" and utc(row.not_before) > NOW + timedelta(days=3)
