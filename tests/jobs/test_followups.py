"""The `followups` job: follow-ups to both people between conversations, in each one's morning."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.blocks.ids import FollowUp as Ids
from bot.cli import main
from bot.config import Settings
from bot.db import session_scope
from bot.models import ActionItem, Conversation, Person
from bot.services.conversations.followup_plan import followups_due
from tests.support.app_server import AppServer
from tests.support.fakeslack.blockkit import check_message_blocks
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER
from tests.support.followup_job import run_followups
from tests.support.followup_world import (
    BERLIN,
    HELD,
    NEW_YORK,
    NOW,
    followup_items,
    mark_sent,
    met,
    people,
    rows,
    utc,
)
from tests.support.slack_ui import click_in

ADA_MONDAY = datetime(2026, 10, 26, 9, 0, tzinfo=BERLIN)  # 08:00 UTC: Berlin is on CET again
GRACE_MONDAY = datetime(2026, 10, 26, 9, 0, tzinfo=NEW_YORK)  # 13:00 UTC: still EDT


def test_a_due_follow_up_lands_in_each_persons_own_monday_morning_once(
    engine: Engine, settings: Settings
) -> None:
    who = people(engine)
    conversation = met(engine, who)
    assert run_followups(engine, settings) == {"due": 2, "owed": 2, "withdrawn": 0}
    assert run_followups(engine, settings) == {"due": 2, "owed": 0, "withdrawn": 0}
    ada, grace = rows(engine, "followup")
    assert (ada.recipient, grace.recipient) == (EMPLOYEE, MANAGER)
    assert {ada.period_key, grace.period_key} == {f"{conversation}:1"}
    assert (
        utc(ada.not_before)
        == ADA_MONDAY.astimezone(UTC)
        == datetime(2026, 10, 26, 8, 0, tzinfo=UTC)
    )
    assert utc(grace.not_before) == GRACE_MONDAY.astimezone(UTC)
    for row in (ada, grace):
        assert row.state == "pending"
        assert check_message_blocks(row.payload["blocks"]) == []
        text = json.dumps(row.payload["blocks"], ensure_ascii=False)
        assert "Draft a talk &lt;!here&gt;" in text and "<!here>" not in text
    assert f"with <@{MANAGER}>" in ada.payload["text"]
    assert f"with <@{EMPLOYEE}>" in grace.payload["text"]


def test_the_weekend_of_a_dst_change_neither_skips_nor_doubles(
    engine: Engine, settings: Settings
) -> None:
    who = people(engine)
    met(engine, who)
    at = datetime(2026, 10, 22, 12, 0, tzinfo=UTC)  # Thursday: nothing due yet
    while at < datetime(2026, 10, 28, 12, 0, tzinfo=UTC):
        run_followups(engine, settings, at)
        mark_sent(engine, due_by=at)
        at += timedelta(minutes=45)
    ada, grace = rows(engine, "followup")
    assert utc(ada.not_before).astimezone(BERLIN).replace(tzinfo=None) == datetime(2026, 10, 26, 9)
    assert utc(grace.not_before) == GRACE_MONDAY.astimezone(UTC)


def test_follow_ups_come_every_30_days_for_monthly_and_every_14_for_one_on_ones(
    engine: Engine, settings: Settings
) -> None:
    who = people(engine)
    conversation = met(engine, who, held_on=date(2026, 9, 10), follow_up="one_on_ones")
    run_followups(engine, settings, datetime(2026, 9, 22, 18, 0, tzinfo=UTC))  # day 12: nothing
    assert rows(engine, "followup") == []
    run_followups(engine, settings, datetime(2026, 9, 23, 18, 0, tzinfo=UTC))  # lands on day 14
    mark_sent(engine)
    run_followups(engine, settings, datetime(2026, 10, 7, 18, 0, tzinfo=UTC))  # lands on day 28
    keys = sorted({r.period_key for r in rows(engine, "followup")})
    assert keys == [f"{conversation}:1", f"{conversation}:2"]
    assert len(rows(engine, "followup")) == 4


def test_planning_is_one_query_and_a_repeat_run_reads_no_content(
    engine: Engine, settings: Settings
) -> None:
    who = people(engine)
    met(engine, who)
    with session_scope(engine) as session:
        for n in range(4):
            peer = Person(workspace_id=who.workspace, slack_user_id=f"U0PEER{n:04d}", joined_at=NOW)
            session.add(peer)
            session.flush()
            session.add(
                Conversation(
                    workspace_id=who.workspace,
                    employee_id=peer.id or 0,
                    partner_id=who.grace,
                    held_on=HELD,
                    kind="peer",
                    follow_up="monthly",
                    logged_by_id=who.grace,
                    created_at=NOW,
                    updated_at=NOW,
                )
            )
            session.flush()
    # One of the peers' conversations has an open item (owned by Grace) too.
    with session_scope(engine) as session:
        last = session.exec(select(Conversation).order_by(col(Conversation.id).desc())).first()
        assert last is not None
        session.add(
            ActionItem(conversation_id=last.id or 0, owner_id=who.grace, body="x", created_at=NOW)
        )
    statements = _selects_during(engine, lambda: _plan(engine))
    assert statements == 1
    assert run_followups(engine, settings)["owed"] == 4  # Ada's pair and the peer's, both sides
    assert _selects_during(engine, lambda: run_followups(engine, settings)) == 3


def _plan(engine: Engine) -> None:
    with Session(engine) as session:
        assert len(followups_due(session=session, now=NOW)) == 4


def _selects_during(engine: Engine, action: Callable[[], object]) -> int:
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len([s for s in statements if s.lstrip().upper().startswith("SELECT")])


def test_the_cli_plans_deliver_sends_and_done_works_in_the_delivered_message(
    app_server: AppServer,
    slack_env: Settings,
    engine: Engine,
    capsys: pytest.CaptureFixture[str],
) -> None:
    who = people(engine)
    met(engine, who)
    with freeze_time(NOW):
        assert main(["jobs", "run", "followups"]) == 0
    assert capsys.readouterr().out == "followups: 2 due, 2 owed, 0 withdrawn\n"
    # Monday afternoon: both mornings have passed, and both are at work (the dispatcher
    # holds a follow-up that falls due in someone's quiet hours).
    with freeze_time(datetime(2026, 10, 26, 15, 0, tzinfo=UTC)):
        assert main(["jobs", "run", "deliver"]) == 0
    assert capsys.readouterr().out.startswith("deliver: 2 sent")
    fake = app_server.fake
    posted = {c.response["channel"]: c for c in fake.calls_to("chat.postMessage")}
    assert set(posted) == {fake.dm_channel(EMPLOYEE), fake.dm_channel(MANAGER)}
    for call in posted.values():
        assert check_message_blocks(call.args["blocks"]) == []
    ada = posted[fake.dm_channel(EMPLOYEE)]
    (item,) = followup_items(engine)
    done = [
        e
        for b in ada.args["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == Ids.ITEM_DONE
    ]
    assert [e["value"] for e in done] == [str(item.id)]
    message = {"ts": ada.response["ts"], "channel": ada.response["channel"]}
    click_in(app_server, message, EMPLOYEE, Ids.ITEM_DONE, item.id or 0)
    (update,) = fake.wait_for("chat.update")
    assert (update.args["channel"], update.args["ts"]) == (message["channel"], message["ts"])
    assert check_message_blocks(update.args["blocks"]) == []
    assert followup_items(engine)[0].done_at is not None
