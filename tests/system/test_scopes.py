"""The minimal manifest's scopes are enough, and nothing reads message history by default.

The fake Slack holds each token to manifest.yml's bot scopes and answers `missing_scope` as
Slack does (a violation, failing the test, when the manifest's scopes lack one), so every test
runs on the minimal scopes; here the default cycle is driven end to end and checked call by
call. Then an answer lost with the history check off (the default): the delivery ends
`unknown` for an operator and is never looked up in Slack's history nor sent again.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.blocks.ids import Guide
from bot.cli import main
from bot.config import Settings
from bot.jobs import JobContext, job_named
from bot.models import Delivery
from tests.support import slack_requests
from tests.support.answers import LOG_ANSWERS
from tests.support.app_server import AppServer
from tests.support.factories import report_to_manager
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER
from tests.support.fakeslack.scopes import DEFAULT_BOT_SCOPES, NEEDED
from tests.support.home_world import open_home
from tests.support.org_csv import HEADER
from tests.support.slack_ui import (
    click_schedule,
    ics_file,
    log,
    open_by_command,
    open_guide,
    opened,
    outbox_recorded,
    recaps_posted,
    reminder_in_dm,
    submit,
)
from tests.support.world import TEAM

HISTORY = ("conversations.history",)


def _scope_refusals(fake: FakeSlack) -> list[str]:
    return [f"{c.method}: {c.response}" for c in fake.calls if c.error == "missing_scope"]


def _deliver(settings: Settings, engine: Engine, at: datetime) -> dict[str, int]:
    job = job_named("deliver")
    assert job is not None
    return job.run(JobContext(settings=settings, engine=engine, clock=lambda: at))


def _press_another_question(app_server: AppServer, message: dict[str, Any]) -> None:
    button = next(
        e
        for b in message["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == Guide.ALTERNATIVE_PROMPT
    )
    body = slack_requests.block_actions(
        user_id=EMPLOYEE,
        team_id=TEAM,
        action_id=Guide.ALTERNATIVE_PROMPT,
        block_id=Guide.ACTIONS,
        value=button["value"],
        trigger_id=app_server.fake.issue_trigger_id(),
        channel_id=message["channel"],
        message={"type": "message", "ts": message["ts"], "text": "", "blocks": message["blocks"]},
    )
    assert app_server.post(body)[0] == 200


def test_the_default_cycle_works_with_the_minimal_manifests_scopes(
    app_server: AppServer, engine: Engine, settings: Settings
) -> None:
    fake = app_server.fake
    assert settings.history_check is False
    ada = report_to_manager(engine)[EMPLOYEE]
    open_home(app_server, EMPLOYEE)  # views.publish; users.info for the zone
    open_by_command(app_server, "prep")  # views.open
    guide = open_guide(app_server)  # the outbox: chat.postMessage
    outbox_recorded(engine, guide["ts"])
    _press_another_question(app_server, guide)  # checked against the outbox, then chat.update
    (update,) = fake.wait_for("chat.update")
    assert update.ok and (update.args["channel"], update.args["ts"]) == (
        guide["channel"],
        guide["ts"],
    )
    fake.reset()
    log(app_server, LOG_ANSWERS)  # the recap to both, through the outbox
    recaps_posted(app_server)
    channel, ts = reminder_in_dm(app_server, engine, ada)  # a lapse reminder; then "schedule"
    click_schedule(app_server, ada, MANAGER, channel, ts)
    call = fake.wait_for("views.open", count=2)[-1]  # after the log modal
    view = opened(call.args["view"], call.response["view"])
    day = datetime.now(UTC).date() + timedelta(days=30)
    assert submit(app_server, view, {"planned_on": day}, MANAGER) == {}
    (rewritten,) = fake.wait_for("chat.update")
    assert rewritten.ok and (rewritten.args["channel"], rewritten.args["ts"]) == (channel, ts)
    ics_file(app_server)  # the invite for the planned day (files:write)

    assert _scope_refusals(fake) == []
    called = {c.method for c in fake.calls if c.method in NEEDED}
    assert {"chat.postMessage", "chat.update", "conversations.open", "views.open"} <= called
    assert {"files.getUploadURLExternal", "files.completeUploadExternal"} <= called
    for method in called:
        assert not NEEDED[method] or set(NEEDED[method]) & set(DEFAULT_BOT_SCOPES), method
    assert not called & set(HISTORY)


def test_org_import_works_with_the_minimal_manifests_scopes(
    slack_env: Settings, engine: Engine, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    csv_file = tmp_path / "people.csv"
    csv_file.write_text(
        HEADER + "ada@example.com,grace@example.com,Core\ngrace@example.com,,Core\n",
        encoding="utf-8",
    )
    assert main(["org", "import", str(csv_file)]) == 0
    assert fake_slack.calls_to("users.lookupByEmail")
    assert _scope_refusals(fake_slack) == []


@pytest.mark.parametrize("fault", ["drop_after", "drop"])
def test_with_the_history_check_off_a_lost_answer_ends_unknown_never_looked_up_nor_resent(
    app_server: AppServer,
    engine: Engine,
    settings: Settings,
    slack_env: Settings,
    fault: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake = app_server.fake
    report_to_manager(engine)
    # Every answer to the recaps is lost: after Slack posted them, or before it could.
    fake.inject("chat.postMessage", fault, times=2)
    log(app_server, LOG_ANSWERS)
    fake.wait_for("views.publish")
    posted = len(fake.messages())
    assert posted == (2 if fault == "drop_after" else 0)
    for later in (timedelta(minutes=2), timedelta(hours=1), timedelta(days=1)):
        report = _deliver(settings, engine, datetime.now(UTC) + later)
        assert report["sent"] == report["found_posted"] == report["unconfirmed"] == 0
    with Session(engine) as session:
        recaps = session.exec(select(Delivery).where(col(Delivery.kind) == "recap")).all()
    assert [r.state for r in recaps] == ["unknown", "unknown"]
    assert all("SLACK_HISTORY_CHECK is off" in (r.last_error or "") for r in recaps)
    assert len(fake.calls_to("chat.postMessage")) == 2  # never sent again
    assert len(fake.messages()) == posted
    assert [c for c in fake.calls if c.method in HISTORY] == []
    assert _scope_refusals(fake) == []

    # What the operator sees, and decides on.
    assert main(["deliveries", "list", "--unknown"]) == 0
    out = capsys.readouterr().out
    assert all(f"{r.id}  unknown" in out for r in recaps)
    assert "Look in the recipient's DM or channel" in out
