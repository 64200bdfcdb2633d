"""Working hours at send time: the dispatcher holds an overdue nudge or digest till morning.

The dispatcher is run with an explicit clock at 22:00 and on a Saturday, with nudges planned
for 09:00 on a working morning that are still unsent (downtime, a backlog, a 429).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.config import Settings
from bot.db import session_scope
from bot.models import Delivery, Team, Workspace
from bot.outbox.dispatch import drain
from bot.outbox.enqueue import Outgoing, enqueue_many
from bot.slack.client import Clients, one_client, outbox_client
from tests.support.factories import add_person
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
TEAM = "T0TEST0001"
CHANNEL = "C0DIGEST01"
MONDAY_9 = datetime(2026, 11, 2, 9, 0, tzinfo=BERLIN)  # when the nudges were planned
MONDAY_22 = datetime(2026, 11, 2, 22, 0, tzinfo=BERLIN)
TUESDAY_9 = datetime(2026, 11, 3, 9, 0, tzinfo=BERLIN)
FRIDAY_9 = datetime(2026, 11, 6, 9, 0, tzinfo=BERLIN)
SATURDAY_11 = datetime(2026, 11, 7, 11, 0, tzinfo=BERLIN)
NEXT_MONDAY_9 = datetime(2026, 11, 9, 9, 0, tzinfo=BERLIN)
NUDGE_KINDS = ("lapse", "followup", "prep-reminder", "nudge")


@pytest.fixture
def client(settings: Settings) -> Clients:
    return one_client(outbox_client(settings, timeout=5))


def _people(engine: Engine) -> int:
    """Ada in Berlin; Grace, in New York, leads a team whose digest goes to CHANNEL."""
    with session_scope(engine) as session:
        ada = add_person(session, EMPLOYEE, slack_team=TEAM, now=MONDAY_9, tz="Europe/Berlin")
        grace = add_person(session, MANAGER, slack_team=TEAM, now=MONDAY_9, tz="America/New_York")
        team = Team(workspace_id=ada.workspace_id, name="Platform", lead_id=grace.id)
        team.digest_channel = CHANNEL
        session.add(team)
        session.flush()
        return ada.workspace_id


def _owe(engine: Engine, workspace_id: int, kind: str, at: datetime, **extra: str) -> None:
    recipient = extra.get("recipient", EMPLOYEE)
    message = Outgoing(
        workspace_id,
        recipient,
        kind,
        extra.get("period_key", f"{kind}-{at.date()}"),
        f"a {kind} for {recipient}",
        at,
        channel=extra.get("channel"),
    )
    with session_scope(engine) as session:
        assert enqueue_many(session=session, messages=[message], now=at) == 1


def _rows(engine: Engine) -> list[Delivery]:
    with Session(engine) as session:
        return list(session.exec(select(Delivery).order_by(col(Delivery.id))).all())


def _ny(year: int, month: int, day: int, hour: int) -> datetime:
    return datetime(year, month, day, hour, 0, tzinfo=NEW_YORK)


def _utc(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


@pytest.mark.parametrize("kind", NUDGE_KINDS)
def test_a_nudge_still_unsent_at_22_waits_for_the_next_working_morning(
    engine: Engine, fake_slack: FakeSlack, client: Clients, kind: str
) -> None:
    _owe(engine, _people(engine), kind, MONDAY_9)
    report = drain(engine, client, clock=lambda: MONDAY_22)
    assert (report.sent, report.deferred) == (0, 1)
    assert fake_slack.calls_to("chat.postMessage") == []
    [row] = _rows(engine)
    assert (row.state, _utc(row.not_before)) == ("pending", TUESDAY_9)
    assert row.last_error is not None and "working hours" in row.last_error

    assert drain(engine, client, clock=lambda: TUESDAY_9 - timedelta(minutes=1)).sent == 0
    assert drain(engine, client, clock=lambda: TUESDAY_9).sent == 1
    assert len(fake_slack.messages()) == 1


def test_a_nudge_still_unsent_on_saturday_waits_for_monday_morning(
    engine: Engine, fake_slack: FakeSlack, client: Clients
) -> None:
    _owe(engine, _people(engine), "lapse", FRIDAY_9)
    assert drain(engine, client, clock=lambda: SATURDAY_11).deferred == 1
    [row] = _rows(engine)
    assert _utc(row.not_before) == NEXT_MONDAY_9
    assert drain(engine, client, clock=lambda: SATURDAY_11 + timedelta(days=1)).sent == 0
    assert drain(engine, client, clock=lambda: NEXT_MONDAY_9).sent == 1


@pytest.mark.parametrize(
    ("now", "held_until"),
    [
        # 22:00 in Berlin is 16:00 in New York: the lead is at work, the digest goes.
        (datetime(2026, 11, 2, 22, 0, tzinfo=BERLIN), None),
        # 22:00 in New York: held until 09:00 there on Tuesday.
        (
            datetime(2026, 11, 2, 22, 0, tzinfo=NEW_YORK),
            datetime(2026, 11, 3, 9, 0, tzinfo=NEW_YORK),
        ),
        # The lead's Saturday: held until their Monday.
        (
            datetime(2026, 11, 7, 12, 0, tzinfo=NEW_YORK),
            datetime(2026, 11, 9, 9, 0, tzinfo=NEW_YORK),
        ),
    ],
)
def test_an_overdue_digest_waits_for_the_leads_next_working_morning(
    engine: Engine,
    fake_slack: FakeSlack,
    client: Clients,
    now: datetime,
    held_until: datetime | None,
) -> None:
    fake_slack.add_channel(CHANNEL)
    workspace_id = _people(engine)
    with Session(engine) as session:
        team_id = session.exec(select(Team.id)).one()
    planned = datetime(2026, 11, 2, 9, 0, tzinfo=NEW_YORK)
    key = f"{team_id}:2026-W45"
    _owe(
        engine, workspace_id, "digest", planned, recipient=CHANNEL, channel=CHANNEL, period_key=key
    )
    report = drain(engine, client, clock=lambda: now)
    [row] = _rows(engine)
    if held_until is None:
        assert (report.sent, row.state) == (1, "sent")
        assert len(fake_slack.messages(CHANNEL)) == 1
    else:
        assert (report.sent, report.deferred) == (0, 1)
        assert (row.state, _utc(row.not_before)) == ("pending", held_until)
        assert drain(engine, client, clock=lambda: held_until).sent == 1


def test_a_recap_answers_the_log_at_once_whatever_the_hour(
    engine: Engine, fake_slack: FakeSlack, client: Clients
) -> None:
    _owe(engine, _people(engine), "recap", MONDAY_22, period_key="42")
    assert drain(engine, client, clock=lambda: SATURDAY_11).sent == 1
    assert [row.state for row in _rows(engine)] == ["sent"]


def test_quiet_hours_are_the_workspaces_own(
    engine: Engine, fake_slack: FakeSlack, client: Clients
) -> None:
    workspace_id = _people(engine)
    with session_scope(engine) as session:
        workspace = session.get(Workspace, workspace_id)
        assert workspace is not None
        workspace.quiet_hours_start, workspace.quiet_hours_end = 23, 7
        session.add(workspace)
    _owe(engine, workspace_id, "lapse", MONDAY_9)
    assert drain(engine, client, clock=lambda: MONDAY_22).sent == 1  # 22:00 is not quiet here
