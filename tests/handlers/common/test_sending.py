"""One way to send: a recap is owed in the outbox and dispatched after the ack, by its rules.

Slack's answer to a recap's chat.postMessage is lost, refused or slow here; each time the
people get exactly one copy each, no row is left leased, and the next `deliver` run settles
what the request could not. The history check is on here: tests/system/test_scopes.py has it off.
"""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.blocks.ids import Recap as Ids
from bot.config import Settings
from bot.db import session_scope
from bot.jobs import JobContext, job_named
from bot.models import Delivery, Person
from bot.outbox.operators import retry
from bot.outbox.send import EVENT_TYPE
from bot.slack.scopes import HISTORY_SCOPES
from tests.support import slack_requests
from tests.support.answers import LOG_ANSWERS
from tests.support.app_server import AppServer
from tests.support.factories import report_to_manager
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER
from tests.support.rows import conversation_rows, items
from tests.support.slack_ui import click, eventually, log, opened, submit
from tests.support.world import NOW

TEAM = "T0TEST0001"
# Later than the outbox's wait after a lost answer (1 min) and its first backoff (30 s).
LATER = timedelta(minutes=2)


@pytest.fixture
def settings(settings: Settings, fake_slack: FakeSlack) -> Settings:
    fake_slack.grant(*HISTORY_SCOPES)  # what SLACK_HISTORY_CHECK needs
    return replace(settings, history_check=True)


def _recap_rows(engine: Engine) -> dict[str, Delivery]:
    with Session(engine) as session:
        rows = session.exec(select(Delivery).where(col(Delivery.kind) == "recap")).all()
    return {row.recipient: row for row in rows}


def _recaps_in_dms(fake: FakeSlack) -> dict[str, list[dict[str, object]]]:
    """The recap messages Slack holds, per person (what they actually see)."""
    return {
        user: [m for m in fake.messages(fake.dm_channel(user)) if "Recap" in str(m["text"])]
        for user in (EMPLOYEE, MANAGER)
    }


def _logged_with_a_fault(app_server: AppServer, engine: Engine) -> None:
    """Log a conversation; wait until its listener is done (it publishes Home last)."""
    report_to_manager(engine)
    log(app_server, LOG_ANSWERS)
    app_server.fake.wait_for("views.publish")


def _deliver(settings: Settings, engine: Engine, at: datetime) -> dict[str, int]:
    job = job_named("deliver")
    assert job is not None
    return job.run(JobContext(settings=settings, engine=engine, clock=lambda: at))


def _no_row_leased(engine: Engine) -> None:
    with Session(engine) as session:
        assert session.exec(select(Delivery).where(col(Delivery.state) == "leased")).all() == []


def test_a_lost_answer_to_a_recap_post_is_looked_up_not_resent(
    app_server: AppServer, engine: Engine, settings: Settings
) -> None:
    # Slack posts the recaps but its answers are lost, as often as a retrying client asks.
    app_server.fake.inject("chat.postMessage", "drop_after", times=3)
    _logged_with_a_fault(app_server, engine)
    seen = _recaps_in_dms(app_server.fake)
    assert [len(seen[EMPLOYEE]), len(seen[MANAGER])] == [1, 1]  # posted once, never retried
    _no_row_leased(engine)
    assert _deliver(settings, engine, datetime.now(UTC) + LATER)["found_posted"] == 2

    seen = _recaps_in_dms(app_server.fake)
    assert [len(seen[EMPLOYEE]), len(seen[MANAGER])] == [1, 1]
    rows = _recap_rows(engine)
    for user in (EMPLOYEE, MANAGER):
        assert (rows[user].state, rows[user].slack_ts) == ("sent", seen[user][0]["ts"])
    history = app_server.fake.calls_to("conversations.history")
    assert sorted(h.args["channel"] for h in history) == sorted(
        app_server.fake.dm_channel(user) for user in (EMPLOYEE, MANAGER)
    )


def test_a_recap_post_that_never_answered_is_settled_by_the_next_deliver_run(
    app_server: AppServer, engine: Engine, settings: Settings
) -> None:
    # The connection drops every time before Slack acts: the request cannot know that.
    app_server.fake.inject("chat.postMessage", "drop", times=3)
    _logged_with_a_fault(app_server, engine)
    _no_row_leased(engine)  # never leased with no expiry, out of every later run's reach
    app_server.fake.clear_faults()
    report = _deliver(settings, engine, datetime.now(UTC) + LATER)
    assert (report["sent"], report["unknown"], report["dead"]) == (2, 0, 0)

    seen = _recaps_in_dms(app_server.fake)
    assert [len(seen[EMPLOYEE]), len(seen[MANAGER])] == [1, 1]
    assert {row.state for row in _recap_rows(engine).values()} == {"sent"}


def test_a_failed_recap_copy_is_sent_by_the_next_deliver_run_and_done_updates_both(
    app_server: AppServer, engine: Engine, settings: Settings
) -> None:
    # Slack answers 503 to the recap posts, as often as a retrying client asks.
    app_server.fake.inject("chat.postMessage", "server_error", times=3, status=503)
    _logged_with_a_fault(app_server, engine)
    assert {row.state for row in _recap_rows(engine).values()} == {"pending"}  # still owed
    assert _recaps_in_dms(app_server.fake) == {EMPLOYEE: [], MANAGER: []}
    app_server.fake.clear_faults()
    assert _deliver(settings, engine, datetime.now(UTC) + LATER)["sent"] == 2
    seen = _recaps_in_dms(app_server.fake)
    assert [len(seen[EMPLOYEE]), len(seen[MANAGER])] == [1, 1]

    # Done on an item: both copies are updated in place, nothing is posted again.
    posts = len(app_server.fake.calls_to("chat.postMessage"))
    click(app_server, Ids.ITEM_DONE, str(items(engine)[1].id), user=EMPLOYEE)
    updates = app_server.fake.wait_for("chat.update", count=2)
    assert {(u.args["channel"], u.args["ts"]) for u in updates} == {
        (app_server.fake.dm_channel(user), seen[user][0]["ts"]) for user in (EMPLOYEE, MANAGER)
    }
    for update in updates:
        assert "~Draft a talk proposal~" in json.dumps(update.args["blocks"])
    assert len(app_server.fake.calls_to("chat.postMessage")) == posts
    seen = _recaps_in_dms(app_server.fake)
    assert [len(seen[EMPLOYEE]), len(seen[MANAGER])] == [1, 1]


def test_an_edit_while_one_copy_is_still_owed_updates_the_sent_one_and_the_owed_one_carries_it(
    app_server: AppServer, engine: Engine, settings: Settings
) -> None:
    app_server.fake.inject("chat.postMessage", "server_error", times=1, status=503)
    _logged_with_a_fault(app_server, engine)
    rows = _recap_rows(engine)
    assert sorted(row.state for row in rows.values()) == ["pending", "sent"]
    (owed,) = [user for user, row in rows.items() if row.state == "pending"]
    (shown,) = [user for user, row in rows.items() if row.state == "sent"]

    (conversation,) = conversation_rows(engine)
    opened_before = len(app_server.fake.calls_to("views.open"))  # the log's own modal
    click(app_server, Ids.EDIT, str(conversation.id), user=EMPLOYEE)
    call = app_server.fake.wait_for("views.open", count=opened_before + 1)[-1]
    form = opened(call.args["view"], call.response["view"])
    edited = {  # Ada's own steps are hers to keep; Grace's are shown as text
        "held_on": LOG_ANSWERS["held_on"],
        "kind": "manager",
        "shared_notes": "Edited after the outage",
        "private_notes": "",
        "mine_1": "Draft a talk proposal",
        "follow_up": "monthly",
    }
    reply = submit(app_server, form, edited, user=EMPLOYEE)
    assert reply.get("response_action") != "errors", reply

    # The copy Slack holds is edited in place; the owed one is not posted by the edit.
    (update,) = app_server.fake.wait_for("chat.update")
    assert update.args["channel"] == app_server.fake.dm_channel(shown)
    assert "Edited after the outage" in json.dumps(update.args["blocks"])
    assert _recaps_in_dms(app_server.fake)[owed] == []
    # The next deliver run sends the owed copy, and it carries the edit.
    assert _deliver(settings, engine, datetime.now(UTC) + LATER)["sent"] == 1
    seen = _recaps_in_dms(app_server.fake)
    assert [len(seen[EMPLOYEE]), len(seen[MANAGER])] == [1, 1]
    assert "Edited after the outage" in json.dumps(seen[owed][0]["blocks"])
    assert len(app_server.fake.calls_to("chat.update")) == 1


def test_a_recap_left_leased_for_good_by_an_older_version_is_handed_to_a_person(
    app_server: AppServer, engine: Engine, settings: Settings
) -> None:
    report_to_manager(engine)
    log(app_server, LOG_ANSWERS)
    app_server.fake.wait_for("views.publish")
    rows = _recap_rows(engine)
    with session_scope(engine) as session:  # how a request reserved a copy before this fix
        row = session.get(Delivery, rows[EMPLOYEE].id)
        assert row is not None
        row.state, row.lease_until, row.slack_ts = "leased", None, None
        row.send_started_at = datetime.now(UTC)
        session.add(row)
    assert _deliver(settings, engine, datetime.now(UTC) + LATER)["unknown"] == 1
    assert _recap_rows(engine)[EMPLOYEE].state == "unknown"
    with session_scope(engine) as session:  # `career-bot deliveries retry` accepts it now
        assert retry(session=session, delivery_id=rows[EMPLOYEE].id or 0, now=NOW).state == (
            "pending"
        )


def test_done_clicked_while_the_recap_is_being_sent_posts_each_copy_once(
    app_server: AppServer, engine: Engine
) -> None:
    """The log's listener and six Done listeners owe and dispatch the same copies at once."""
    ids = report_to_manager(engine)
    with session_scope(engine) as session:  # known zone: no first-sight look-up in the burst
        ada = session.get(Person, ids[EMPLOYEE])
        assert ada is not None
        ada.tz = "Europe/Berlin"
        session.add(ada)
    log(app_server, LOG_ANSWERS)  # acked: the conversation is saved, its recap is on its way
    first, second = items(engine)[:2]
    clicks = [
        threading.Thread(target=click, args=(app_server, Ids.ITEM_DONE, str(item.id)), kwargs=kw)
        for item, kw in [(first, {"user": MANAGER}), (second, {"user": EMPLOYEE})] * 3
    ]
    for thread in clicks:
        thread.start()
    for thread in clicks:
        thread.join(timeout=10)
    eventually(lambda: {row.state for row in _recap_rows(engine).values()} == {"sent"})
    app_server.fake.wait_for("views.publish")  # the log's listener is done

    seen = _recaps_in_dms(app_server.fake)
    assert [len(seen[EMPLOYEE]), len(seen[MANAGER])] == [1, 1]
    assert len(app_server.fake.calls_to("chat.postMessage")) == 2
    _no_row_leased(engine)


def test_the_guide_dm_goes_through_the_outbox_and_a_replayed_command_posts_it_once(
    app_server: AppServer, engine: Engine
) -> None:
    body = slack_requests.slash_command(
        "guide", user_id=EMPLOYEE, team_id=TEAM, trigger_id=app_server.fake.issue_trigger_id()
    )
    for _ in range(2):  # the same signed command, replayed
        assert app_server.post(body)[0] == 200
    (post,) = app_server.fake.wait_for("chat.postMessage")
    assert post.args["metadata"]["event_type"] == EVENT_TYPE  # sent by the dispatcher's rules
    eventually(lambda: _state_of(engine, "guide") == ["sent"])
    assert len(app_server.fake.calls_to("chat.postMessage")) == 1


def _state_of(engine: Engine, kind: str) -> list[str]:
    with Session(engine) as session:
        return [r.state for r in session.exec(select(Delivery).where(Delivery.kind == kind))]
