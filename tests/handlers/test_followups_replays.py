"""Follow-up buttons pressed again: "Push a week" moves a date once per date shown, and a
click naming a message that is not the clicker's follow-up changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time
from sqlalchemy.engine import Engine

from bot.blocks.ids import FollowUp as Ids
from bot.cli import main
from bot.config import Settings
from bot.jobs import followups as followups_job
from bot.services.conversations import followups
from tests.support import slack_requests
from tests.support.app_server import AppServer
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER
from tests.support.fakeslack.server import RESPONSE_URL
from tests.support.followup_world import NOW, followup_items, met, people
from tests.support.world import TEAM


def _delivered(app_server: AppServer, engine: Engine, capsys: Any) -> dict[str, dict[str, Any]]:
    """Ada's and Grace's follow-ups, planned and sent by the real jobs; by user id."""
    met(engine, people(engine))
    with freeze_time(NOW):
        assert main(["jobs", "run", "followups"]) == 0
    # Monday afternoon: both people are at work (the dispatcher holds quiet-hour sends).
    with freeze_time(datetime(2026, 10, 26, 15, 0, tzinfo=UTC)):
        assert main(["jobs", "run", "deliver"]) == 0
    capsys.readouterr()
    fake = app_server.fake
    by_channel = {c.response["channel"]: c for c in fake.calls_to("chat.postMessage")}
    return {user: by_channel[fake.dm_channel(user)] for user in (EMPLOYEE, MANAGER)}


def _button(call: Any, action_id: str) -> str:
    return next(
        e["value"]
        for b in call.args["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == action_id
    )


def _click(user: str, action_id: str, value: str, at: Any, app_server: AppServer) -> bytes:
    """The body Slack sends for a click in the message `at` (a chat.postMessage call)."""
    return slack_requests.block_actions(
        user_id=user,
        team_id=TEAM,
        action_id=action_id,
        value=value,
        trigger_id=app_server.fake.issue_trigger_id(),
        channel_id=at.response["channel"],
        message={"type": "message", "ts": at.response["ts"], "text": "", "blocks": []},
    )


def test_push_a_week_replayed_five_times_moves_the_date_one_week(
    app_server: AppServer,
    slack_env: Settings,
    engine: Engine,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ada = _delivered(app_server, engine, capsys)[EMPLOYEE]
    (before,) = followup_items(engine)
    assert before.due_on is not None
    body = _click(EMPLOYEE, Ids.PUSH_DUE, _button(ada, Ids.PUSH_DUE), ada, app_server)
    fake = app_server.fake
    moved = []
    for n in range(1, 6):
        assert app_server.post(body)[0] == 200  # the same payload, signed afresh
        fake.wait_for("chat.update", count=n)  # each one refreshes the message
        moved.append(followup_items(engine)[0].due_on)
    # A week from the date shown (it has passed: from Ada's today), then never again.
    today = datetime.now(ZoneInfo("Europe/Berlin")).date()
    assert moved == [max(before.due_on, today) + timedelta(days=7)] * 5
    (after,) = followup_items(engine)
    told = fake.wait_for(RESPONSE_URL, count=4)
    assert all("nothing changed" in t.args["text"] for t in told)
    # The refreshed message offers the next push, from the date it now shows.
    pushed = fake.calls_to("chat.update")[-1]
    assert _button(pushed, Ids.PUSH_DUE) == f"{before.id}@{after.due_on.isoformat()}"


def test_a_click_naming_someone_elses_follow_up_changes_nothing(
    app_server: AppServer,
    slack_env: Settings,
    engine: Engine,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sent = _delivered(app_server, engine, capsys)
    graces = sent[MANAGER]
    (before,) = followup_items(engine)
    fake = app_server.fake
    # Ada's own Push and Done, with the container forged to name Grace's follow-up.
    for action_id in (Ids.PUSH_DUE, Ids.ITEM_DONE):
        value = _button(sent[EMPLOYEE], action_id)
        assert app_server.post(_click(EMPLOYEE, action_id, value, graces, app_server))[0] == 200
    told = fake.wait_for(RESPONSE_URL, count=2)
    assert all("isn't on a follow-up I sent you" in t.args["text"] for t in told)
    assert fake.calls_to("chat.update") == []
    (after,) = followup_items(engine)
    assert (after.due_on, after.done_at) == (before.due_on, None)


def test_a_push_button_without_the_date_it_showed_refreshes_and_changes_nothing(
    app_server: AppServer,
    slack_env: Settings,
    engine: Engine,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ada = _delivered(app_server, engine, capsys)[EMPLOYEE]
    (before,) = followup_items(engine)
    # A follow-up sent before Push carried its date: the value is the bare item id.
    bare = _click(EMPLOYEE, Ids.PUSH_DUE, str(before.id), ada, app_server)
    assert app_server.post(bare)[0] == 200
    (update,) = app_server.fake.wait_for("chat.update")
    (told,) = app_server.fake.wait_for(RESPONSE_URL)
    assert "out of date" in told.args["text"]
    assert _button(update, Ids.PUSH_DUE) == f"{before.id}@{before.due_on.isoformat()}"
    assert followup_items(engine)[0].due_on == before.due_on


def test_the_message_check_looks_for_the_kind_the_job_sends() -> None:
    assert followups.DELIVERY_KIND == followups_job.KIND
