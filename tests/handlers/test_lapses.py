"""The lapse reminder's buttons over signed HTTP: snooze and "Schedule it", by the manager only."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.blocks.ids import Lapse as Ids
from bot.models import Person
from bot.services.nudges.lapses import lapsed, plan_day
from tests.support.app_server import AppServer
from tests.support.factories import report_to_manager
from tests.support.fakeslack.blockkit import check_message_blocks, check_view
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER
from tests.support.fakeslack.server import RESPONSE_URL
from tests.support.lapse_world import (
    BERLIN,
    utc,
)
from tests.support.rows import planned_day
from tests.support.slack_ui import (
    click,
    click_schedule,
    eventually,
    ics_file,
    opened,
    reminder_in_dm,
    submit,
)


def test_only_the_current_manager_can_snooze(app_server: AppServer, engine: Engine) -> None:
    ids = report_to_manager(engine)
    ada = ids[EMPLOYEE]
    click(app_server, Ids.SNOOZE_1_WEEK, str(ada), user=STRANGER)
    (answer,) = app_server.fake.wait_for(RESPONSE_URL)
    assert answer.args["response_type"] == "ephemeral"
    assert "Only their current manager" in answer.args["text"]
    with Session(engine) as session:
        assert (session.get(Person, ada) or Person()).snoozed_until is None

    click(app_server, Ids.SNOOZE_2_WEEKS, str(ada), user=MANAGER)
    answers = app_server.fake.wait_for(RESPONSE_URL, count=2)
    assert "two weeks" in answers[-1].args["text"]

    def snoozed() -> bool:
        with Session(engine) as session:
            until = (session.get(Person, ada) or Person()).snoozed_until
        return until is not None and utc(until) > datetime.now(UTC) + timedelta(days=13)

    eventually(snoozed)


# ---- "Schedule it" through signed HTTP ---------------------------------------------------------


def test_schedule_it_sets_the_day_updates_the_reminder_and_sends_an_invite(
    app_server: AppServer, engine: Engine
) -> None:
    ada = report_to_manager(engine)[EMPLOYEE]
    channel, ts = reminder_in_dm(app_server, engine, ada)
    fake = app_server.fake
    click_schedule(app_server, ada, MANAGER, channel, ts)
    call = fake.wait_for("views.open")[-1]
    view = opened(call.args["view"], call.response["view"])
    assert check_view(view) == []
    assert view["callback_id"] == Ids.SCHEDULE_MODAL
    today = datetime.now(BERLIN).date()  # Grace's zone, from Slack on her first click
    (picker,) = [b["element"] for b in view["blocks"] if b["type"] == "input"]
    assert picker["initial_date"] == plan_day(today).isoformat()

    for bad, words in (
        (today - timedelta(days=1), "has passed"),
        (today + timedelta(days=91), "within 90 days"),
    ):
        reply = submit(app_server, view, {"planned_on": bad}, MANAGER)
        assert reply["response_action"] == "errors"
        assert words in reply["errors"]["planned_on"]
    assert planned_day(engine, ada) is None

    day = today + timedelta(days=90)  # the last day allowed
    assert submit(app_server, view, {"planned_on": day}, MANAGER) == {}
    assert planned_day(engine, ada) == day
    (update,) = fake.wait_for("chat.update")
    assert (update.args["channel"], update.args["ts"]) == (channel, ts)
    (message,) = fake.messages(channel)
    assert "Scheduled" in message["text"] and f"<@{EMPLOYEE}>" in message["text"]
    assert check_message_blocks(message["blocks"]) == []
    calendar, upload = ics_file(app_server)
    assert upload["channel"] == fake.dm_channel(MANAGER)
    (event,) = calendar.walk("VEVENT")
    start = datetime.combine(day, time(10), BERLIN)
    assert event["dtstart"].dt == start and event["dtstart"].dt.utcoffset() == start.utcoffset()
    attendees = sorted(str(a) for a in event.get("attendee"))
    assert attendees == ["mailto:ada@example.com", "mailto:grace@example.com"]
    with Session(engine) as session:
        assert [lapse.report_id for lapse in lapsed(session=session, now=datetime.now(UTC))] == []


def test_only_the_current_manager_can_schedule(app_server: AppServer, engine: Engine) -> None:
    ada = report_to_manager(engine)[EMPLOYEE]
    channel, ts = reminder_in_dm(app_server, engine, ada)
    fake = app_server.fake
    click_schedule(app_server, ada, STRANGER, channel, ts)
    (answer,) = fake.wait_for(RESPONSE_URL)
    assert answer.args["response_type"] == "ephemeral"
    assert "Only their current manager" in answer.args["text"]
    assert fake.calls_to("views.open") == []

    # A modal opened by Grace, submitted by the stranger (same report id in its metadata).
    click_schedule(app_server, ada, MANAGER, channel, ts)
    call = fake.wait_for("views.open")[-1]
    view = opened(call.args["view"], call.response["view"])
    day = datetime.now(UTC).date() + timedelta(days=7)
    reply = submit(app_server, view, {"planned_on": day}, STRANGER)
    assert reply["response_action"] == "update"
    assert reply["view"]["callback_id"] == Ids.SCHEDULE_REFUSED
    assert planned_day(engine, ada) is None
    assert fake.calls_to("chat.update") == [] and fake.uploads == {}
