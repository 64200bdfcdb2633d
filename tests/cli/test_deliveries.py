"""Operators and the outbox: `jobs run deliver`, `deliveries list`, `deliveries retry ID`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.cli import main
from bot.clock import utcnow
from bot.config import Settings
from bot.db import session_scope
from bot.jobs import JobContext, all_jobs, build_scheduler
from bot.models import Delivery
from bot.outbox.enqueue import enqueue
from bot.services.workspaces.registry import ensure_workspace
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER

# A Tuesday at a working hour: the lapse DMs these tests owe are held back outside working
# hours (18:00-09:00 UTC by default), so a test reading the real clock failed every evening.
WORKING_HOUR = datetime(2026, 11, 17, 10, 0, tzinfo=UTC)


def _owe(engine: Engine, *recipients: str) -> None:
    now = utcnow()
    with session_scope(engine) as session:
        workspace = ensure_workspace(session=session, slack_team_id="T0TEST0001", now=now)
        for recipient in recipients:
            assert workspace.id is not None
            enqueue(
                session=session,
                workspace_id=workspace.id,
                recipient=recipient,
                kind="lapse",
                period_key="2026-Q4",
                text=f"hello {recipient}",
                not_before=now - timedelta(minutes=1),
                now=now,
            )


def _states(engine: Engine) -> dict[str, str]:
    with Session(engine) as session:
        rows = session.exec(select(Delivery).order_by(col(Delivery.id))).all()
        return {row.recipient: row.state for row in rows}


def _ids(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return {d.recipient: d.id or 0 for d in session.exec(select(Delivery)).all()}


@pytest.fixture
def outcomes(
    slack_env: Settings,
    engine: Engine,
    fake_slack: FakeSlack,
    capsys: pytest.CaptureFixture[str],
) -> Iterator[dict[str, int]]:
    """Three deliveries: one sent, one dead, one whose arrival Slack cannot confirm."""
    with freeze_time(WORKING_HOUR):
        _owe(engine, EMPLOYEE, MANAGER, STRANGER)
        fake_slack.inject("chat.postMessage", "drop", times=1)  # the first send: EMPLOYEE
        fake_slack.inject("chat.postMessage", "error", times=1, error="account_inactive")
        assert main(["jobs", "run", "deliver"]) == 0
        # The history check is off by default: the lost answer goes to a person at once.
        assert capsys.readouterr().out == (
            "deliver: 1 sent, 0 found posted, 0 rate limited, 0 retrying, 0 unconfirmed, "
            "0 deferred, 1 dead, 1 unknown, 0 reaped, 0 reaped mid send\n"
        )
        assert _states(engine) == {EMPLOYEE: "unknown", MANAGER: "dead", STRANGER: "sent"}
        assert fake_slack.calls_to("conversations.history") == []
        fake_slack.clear_faults()
        yield _ids(engine)


def test_jobs_run_deliver_drains_once_and_prints_counts(
    outcomes: dict[str, int], fake_slack: FakeSlack, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["jobs", "run", "deliver"]) == 0
    assert capsys.readouterr().out.startswith("deliver: 0 sent, 0 found posted, 0 rate limited")
    assert len(fake_slack.calls_to("chat.postMessage")) == 3


def test_deliveries_list_dead_shows_the_reasons(
    outcomes: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deliveries", "list", "--dead"]) == 0
    header, *rows = capsys.readouterr().out.splitlines()
    assert header.split()[:3] == ["id", "state", "team"]
    assert len(rows) == 1
    assert rows[0].split()[:5] == [str(outcomes[MANAGER]), "dead", "T0TEST0001", MANAGER, "lapse"]
    assert rows[0].endswith("account_inactive")


def test_deliveries_list_unknown_says_to_check_slack_first(
    outcomes: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deliveries", "list", "--unknown"]) == 0
    out = capsys.readouterr().out
    assert f"{outcomes[EMPLOYEE]}  unknown" in out
    assert "not looked up (SLACK_HISTORY_CHECK is off)" in out
    assert "account_inactive" not in out
    assert "Look in the recipient's DM or channel" in out
    assert main(["deliveries", "list"]) == 0
    everything = capsys.readouterr().out
    assert "account_inactive" in everything and "SLACK_HISTORY_CHECK is off" in everything


def test_retry_requeues_an_unknown_delivery_after_a_person_checked(
    outcomes: dict[str, int],
    engine: Engine,
    fake_slack: FakeSlack,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["deliveries", "retry", str(outcomes[EMPLOYEE])]) == 0
    assert "is queued again" in capsys.readouterr().out
    assert _states(engine)[EMPLOYEE] == "pending"
    assert main(["jobs", "run", "deliver"]) == 0
    assert _states(engine)[EMPLOYEE] == "sent"
    assert [m["text"] for m in fake_slack.messages(fake_slack.dm_channel(EMPLOYEE))] == [
        f"hello {EMPLOYEE}"
    ]
    capsys.readouterr()
    assert main(["deliveries", "list", "--unknown"]) == 0
    assert capsys.readouterr().out == "No unknown deliveries.\n"


def test_retry_refuses_what_is_sent_or_missing(
    outcomes: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deliveries", "retry", str(outcomes[STRANGER])]) == 1
    assert "is sent: only dead or unknown ones can be retried" in capsys.readouterr().err
    assert main(["deliveries", "retry", "999999"]) == 1
    assert "there is no delivery 999999" in capsys.readouterr().err


def test_the_scheduler_runs_deliver_every_minute_lapses_every_quarter_hour_and_both_at_start(
    settings: Settings, engine: Engine
) -> None:
    scheduler = build_scheduler(all_jobs(), JobContext(settings, engine))
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert {"deliver", "deliver-at-start", "lapses", "lapses-at-start"} <= set(jobs)
    assert jobs["deliver"].trigger.interval == timedelta(minutes=1)
    assert jobs["lapses"].trigger.interval == timedelta(minutes=15)
    context = jobs["deliver"].args[0]
    assert context.scheduled and context.engine is engine


def test_a_scheduled_run_waits_out_a_short_retry_after(
    settings: Settings, engine: Engine, fake_slack: FakeSlack
) -> None:
    with freeze_time(WORKING_HOUR, tick=True):  # the clock runs: the job really waits
        _owe(engine, EMPLOYEE)
        fake_slack.inject("chat.postMessage", "ratelimited", times=1, retry_after=1)
        [deliver] = [job for job in all_jobs() if job.name == "deliver"]
        assert deliver.run is not None
        started = datetime.now(UTC)
        counts = deliver.run(JobContext(settings, engine, scheduled=True))
        assert (counts["rate_limited"], counts["sent"]) == (1, 1)
        assert datetime.now(UTC) - started >= timedelta(seconds=1)
