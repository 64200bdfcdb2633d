"""The recap's buttons through signed HTTP: done, edit in place, calendar; and who may click."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.blocks.ids import Log as LogIds
from bot.blocks.ids import Recap as Ids
from bot.blocks.log import metadata
from bot.db import session_scope
from bot.models import Person, PrivateNote
from tests.support.answers import CANARY, HELD, LOG_ANSWERS
from tests.support.app_server import AppServer
from tests.support.factories import report_to_manager
from tests.support.fakeslack.blockkit import check_view
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER
from tests.support.fakeslack.server import RESPONSE_URL
from tests.support.rows import conversation_rows, items
from tests.support.slack_ui import click, ics_file, log, opened, recaps_posted, submit


def _logged(app_server: AppServer, engine: Engine) -> int:
    report_to_manager(engine)
    log(app_server, LOG_ANSWERS)
    recaps_posted(app_server)
    app_server.fake.wait_for("views.publish")  # the listener's last step: it is done
    (conversation,) = conversation_rows(engine)
    return conversation.id or 0


def _edit_form(app_server: AppServer, conversation_id: int, user: str) -> dict[str, Any]:
    before = len(app_server.fake.calls_to("views.open"))
    click(app_server, Ids.EDIT, str(conversation_id), user=user)
    call = app_server.fake.wait_for("views.open", count=before + 1)[-1]
    assert check_view(call.args["view"]) == []
    return opened(call.args["view"], call.response["view"])


def test_a_party_marks_an_item_done_and_both_copies_show_it(
    app_server: AppServer, engine: Engine
) -> None:
    _logged(app_server, engine)
    item = items(engine)[1]  # Ada's "Draft a talk proposal"
    click(app_server, Ids.ITEM_DONE, str(item.id), user=EMPLOYEE)
    updates = app_server.fake.wait_for("chat.update", count=2)
    assert items(engine)[1].done_at is not None
    for call in updates:
        assert "~Draft a talk proposal~" in json.dumps(call.args["blocks"])
    assert len(app_server.fake.calls_to("chat.postMessage")) == 2


def test_a_strangers_click_on_done_changes_nothing(app_server: AppServer, engine: Engine) -> None:
    _logged(app_server, engine)
    item = items(engine)[1]
    click(app_server, Ids.ITEM_DONE, str(item.id), user=STRANGER)
    (answer,) = app_server.fake.wait_for(RESPONSE_URL)
    assert answer.args["response_type"] == "ephemeral"
    assert "Only the two people in this conversation" in answer.args["text"]
    assert all(i.done_at is None for i in items(engine))
    assert app_server.fake.calls_to("chat.update") == []


def test_editing_updates_both_copies_in_place_and_keeps_private_notes_apart(
    app_server: AppServer, engine: Engine
) -> None:
    conversation_id = _logged(app_server, engine)
    form = _edit_form(app_server, conversation_id, EMPLOYEE)
    text = json.dumps(form)
    assert CANARY not in text  # Grace's private note is hers alone
    assert form["callback_id"] == LogIds.MODAL
    assert f"<@{MANAGER}>" in text and "partner" not in [b.get("block_id") for b in form["blocks"]]
    by_id = {b.get("block_id"): b for b in form["blocks"]}
    assert by_id["mine_1"]["element"]["initial_value"] == "Draft a talk proposal"
    # Grace's steps are hers to change: shown as text, with empty slots to add to them.
    assert "Ask finance for a &lt;https://evil.example|conference&gt; budget" in text
    assert "initial_value" not in by_id["theirs_1"]["element"]

    reply = submit(
        app_server,
        form,
        {
            "held_on": HELD,
            "kind": "manager",
            "shared_notes": "Edited: <!here> the plan",
            "private_notes": "Ada's own thoughts",
            "mine_1": "Draft a talk proposal",
            "theirs_1": LOG_ANSWERS["mine_1"],
            "follow_up": "one_on_ones",
            "next_on": HELD + timedelta(days=45),
        },
        user=EMPLOYEE,
    )
    assert reply["view"]["callback_id"] == LogIds.LOGGED
    updates = app_server.fake.wait_for("chat.update", count=2)
    assert len(app_server.fake.calls_to("chat.postMessage")) == 2
    assert {c.args["channel"] for c in updates} == {
        app_server.fake.dm_channel(EMPLOYEE),
        app_server.fake.dm_channel(MANAGER),
    }
    for call in updates:
        blocks = json.dumps(call.args["blocks"], ensure_ascii=False)
        assert "Edited: &lt;!here&gt; the plan" in blocks and "Ada's own thoughts" not in blocks
    (conversation,) = conversation_rows(engine)
    assert conversation.next_on == HELD + timedelta(days=45)
    assert [i.body for i in items(engine)] == [LOG_ANSWERS["mine_1"], "Draft a talk proposal"]
    with Session(engine) as session:
        notes = {n.body for n in session.exec(select(PrivateNote))}
    assert notes == {CANARY, "Ada's own thoughts"}


def test_a_stranger_can_neither_open_nor_submit_an_edit(
    app_server: AppServer, engine: Engine
) -> None:
    conversation_id = _logged(app_server, engine)
    click(app_server, Ids.EDIT, str(conversation_id), user=STRANGER)
    (answer,) = app_server.fake.wait_for(RESPONSE_URL)
    assert "Only the two people" in answer.args["text"]
    assert len(app_server.fake.calls_to("views.open")) == 1  # the setup's log modal only
    # A forged submission naming the conversation in private_metadata.
    form = _edit_form(app_server, conversation_id, EMPLOYEE)
    forged = {**form, "private_metadata": metadata(conversation_id)}
    reply = submit(
        app_server,
        forged,
        {"held_on": HELD, "kind": "peer", "shared_notes": "hijacked", "follow_up": "none"},
        user=STRANGER,
    )
    assert reply["view"]["callback_id"] == LogIds.REFUSED
    (conversation,) = conversation_rows(engine)
    assert conversation.shared_notes == LOG_ANSWERS["shared_notes"]
    assert app_server.fake.calls_to("chat.update") == []


def test_editing_onto_another_logged_day_is_refused(app_server: AppServer, engine: Engine) -> None:
    first = _logged(app_server, engine)
    log(app_server, {**LOG_ANSWERS, "held_on": HELD - timedelta(days=7)})
    recaps_posted(app_server, count=4)
    form = _edit_form(app_server, first, MANAGER)
    answers = {
        "held_on": HELD - timedelta(days=7),
        "kind": "manager",
        "follow_up": "none",
    }
    reply = submit(app_server, form, answers, user=MANAGER)
    assert reply["response_action"] == "errors"
    assert "already logged another conversation" in reply["errors"]["held_on"]
    assert len(conversation_rows(engine)) == 2


def test_add_to_calendar_gives_an_ics_with_both_people_at_ten_in_the_clickers_zone(
    app_server: AppServer, engine: Engine
) -> None:
    conversation_id = _logged(app_server, engine)
    with session_scope(engine, immediate=True) as session:
        ada = session.exec(select(Person).where(Person.slack_user_id == EMPLOYEE)).one()
        ada.tz_override = "America/New_York"
        session.add(ada)
    (conversation,) = conversation_rows(engine)
    assert conversation.next_on is not None

    click(app_server, Ids.CALENDAR, str(conversation_id), user=EMPLOYEE)
    calendar, upload = ics_file(app_server)
    assert upload["channel"] == app_server.fake.dm_channel(EMPLOYEE)
    assert upload["name"].endswith(".ics")
    (event,) = calendar.walk("VEVENT")
    start = event["dtstart"].dt
    expected = datetime.combine(conversation.next_on, time(10), ZoneInfo("America/New_York"))
    assert start == expected and start.utcoffset() == expected.utcoffset()
    attendees = sorted(str(a) for a in event.get("attendee"))
    assert attendees == ["mailto:ada@example.com", "mailto:grace@example.com"]

    # Grace has no zone of her own stored: Slack's (Europe/Berlin in the fake) decides.
    click(app_server, Ids.CALENDAR, str(conversation_id), user=MANAGER)
    calendar, upload = ics_file(app_server, count=2)
    assert upload["channel"] == app_server.fake.dm_channel(MANAGER)
    (event,) = calendar.walk("VEVENT")
    berlin = datetime.combine(conversation.next_on, time(10), ZoneInfo("Europe/Berlin"))
    assert event["dtstart"].dt == berlin
    assert event["dtstart"].dt.utcoffset() == berlin.utcoffset()


def test_a_stranger_gets_no_calendar_file(app_server: AppServer, engine: Engine) -> None:
    conversation_id = _logged(app_server, engine)
    click(app_server, Ids.CALENDAR, str(conversation_id), user=STRANGER)
    (answer,) = app_server.fake.wait_for(RESPONSE_URL)
    assert "Only the two people" in answer.args["text"]
    assert app_server.fake.uploads == {}
