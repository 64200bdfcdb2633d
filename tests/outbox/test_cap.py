"""The weekly nudge cap, applied where no planner can get around it: the dispatcher's claim."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from freezegun import freeze_time
from freezegun.api import FrozenDateTimeFactory
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.config import Settings
from bot.db import make_engine, session_scope
from bot.models import Delivery, Workspace
from bot.outbox.claim import OVER_CAP
from bot.outbox.dispatch import drain
from bot.outbox.enqueue import Outgoing, enqueue_many
from bot.outbox.policy import Policy
from bot.outbox.report import Report
from bot.services.workspaces.registry import ensure_workspace
from bot.slack.client import Clients, one_client, outbox_client
from tests.support.databases import Database
from tests.support.factories import person_id
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER

WEDNESDAY = datetime(2026, 11, 4, 14, 0, tzinfo=UTC)
NEW_YORK_WEEK_START = datetime(2026, 11, 2, 5, 0, tzinfo=UTC)  # Monday 00:00 EST
NEXT_MONDAY_9_NEW_YORK = datetime(2026, 11, 9, 14, 0, tzinfo=UTC)
NEXT_MONDAY_9_UTC = datetime(2026, 11, 9, 9, 0, tzinfo=UTC)


@pytest.fixture
def frozen() -> Iterator[FrozenDateTimeFactory]:
    with freeze_time(WEDNESDAY) as factory:
        yield factory


@pytest.fixture
def client(settings: Settings) -> Clients:
    return one_client(outbox_client(settings, timeout=5))


def _workspace(engine: Engine, *, cap: int = 3) -> int:
    with session_scope(engine) as session:
        workspace = ensure_workspace(session=session, slack_team_id="T0TEST0001", now=WEDNESDAY)
        workspace.weekly_nudge_cap = cap
        session.add(workspace)
        session.flush()
        assert workspace.id is not None
        return workspace.id


def _person(engine: Engine, user: str, *, zone: str) -> None:
    person_id(
        engine, user, slack_team="T0TEST0001", now=WEDNESDAY, tz="Europe/Berlin", tz_override=zone
    )


def _owe(engine: Engine, workspace_id: int, *kinds: str, recipient: str = MANAGER) -> None:
    messages = [
        Outgoing(workspace_id, recipient, kind, f"p{i}", f"{kind} {i}", WEDNESDAY)
        for i, kind in enumerate(kinds)
    ]
    with session_scope(engine) as session:
        assert enqueue_many(session=session, messages=messages, now=WEDNESDAY) == len(kinds)


def _already_sent(engine: Engine, workspace_id: int, kind: str, at: datetime) -> None:
    with session_scope(engine) as session:
        session.add(
            Delivery(
                workspace_id=workspace_id,
                recipient=MANAGER,
                kind=kind,
                period_key=f"earlier-{at.isoformat()}",
                state="sent",
                not_before=at,
                created_at=at,
                sent_at=at,
                attempts=1,
            )
        )


def _pending(engine: Engine) -> list[Delivery]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(Delivery).where(Delivery.state == "pending").order_by(col(Delivery.id))
            ).all()
        )


def test_nudges_over_the_cap_wait_for_the_recipients_next_monday_morning(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    workspace_id = _workspace(engine)
    _person(engine, MANAGER, zone="America/New_York")
    # Sunday 23:00 in New York: last week there, though Monday in UTC.
    _already_sent(engine, workspace_id, "nudge", NEW_YORK_WEEK_START - timedelta(hours=1))
    _already_sent(engine, workspace_id, "lapse", NEW_YORK_WEEK_START + timedelta(hours=1))
    _owe(engine, workspace_id, "lapse", "followup", "prep-reminder", "handover")

    report = drain(engine, client)
    assert (report.sent, report.deferred) == (3, 1)
    sent = [m["text"] for m in fake_slack.messages()]
    assert sent == ["lapse 0", "followup 1", "handover 3"]  # a handover is not a nudge
    [held] = _pending(engine)
    assert (held.kind, held.attempts, held.last_error) == ("prep-reminder", 0, OVER_CAP)
    assert held.not_before == NEXT_MONDAY_9_NEW_YORK

    frozen.move_to(NEXT_MONDAY_9_NEW_YORK - timedelta(minutes=1))
    assert drain(engine, client) == Report()
    frozen.move_to(NEXT_MONDAY_9_NEW_YORK)
    assert drain(engine, client).sent == 1
    assert fake_slack.messages()[-1]["text"] == "prep-reminder 2"
    assert _pending(engine) == []


def test_the_cap_is_the_workspaces_setting_and_weeks_are_utc_without_a_zone(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    workspace_id = _workspace(engine, cap=1)
    _owe(engine, workspace_id, "lapse", "nudge")  # MANAGER: no person row, so UTC weeks
    _owe(engine, workspace_id, "followup", recipient=EMPLOYEE)  # someone else's own cap

    report = drain(engine, client)
    assert (report.sent, report.deferred) == (2, 1)
    assert Counter(m["channel"] for m in fake_slack.messages()) == {
        fake_slack.dm_channel(MANAGER): 1,
        fake_slack.dm_channel(EMPLOYEE): 1,
    }
    [held] = _pending(engine)
    assert (held.recipient, held.kind, held.not_before) == (MANAGER, "nudge", NEXT_MONDAY_9_UTC)


def test_a_nudge_being_sent_elsewhere_counts(
    engine: Engine, fake_slack: FakeSlack, client: Clients, frozen: FrozenDateTimeFactory
) -> None:
    workspace_id = _workspace(engine, cap=1)
    with session_scope(engine) as session:  # a Home-tab nudge its request is sending now
        session.add(
            Delivery(
                workspace_id=workspace_id,
                recipient=MANAGER,
                kind="nudge",
                period_key=WEDNESDAY.date().isoformat(),
                state="leased",
                not_before=WEDNESDAY,
                lease_until=WEDNESDAY + timedelta(minutes=5),
                attempts=1,
                send_started_at=WEDNESDAY,
                created_at=WEDNESDAY,
            )
        )
    _owe(engine, workspace_id, "lapse")
    assert drain(engine, client).deferred == 1
    assert fake_slack.messages() == []


def test_two_dispatchers_racing_never_break_the_cap(
    database: Database, settings: Settings, fake_slack: FakeSlack
) -> None:
    # At a working hour (the clock ticks from there): at 18:00 UTC or later every nudge would
    # wait for the morning and the cap would never be reached.
    with freeze_time(WEDNESDAY, tick=True):
        _race(database, settings, fake_slack)


def _race(database: Database, settings: Settings, fake_slack: FakeSlack) -> None:
    now = datetime.now(UTC)
    with session_scope(database.engine) as session:
        workspace = ensure_workspace(session=session, slack_team_id="T0TEST0001", now=now)
        assert workspace.id is not None
        workspace_id = workspace.id
        messages = [
            Outgoing(workspace_id, MANAGER, kind, f"race-{i}", f"{kind} {i}", now)
            for i, kind in enumerate(["lapse", "followup", "prep-reminder", "nudge"] * 10)
        ]
        enqueue_many(session=session, messages=messages, now=now)
    reports: list[Report] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def dispatcher() -> None:
        engine = make_engine(database.url)  # its own connections, as another process has
        try:
            start.wait()
            one = Policy(batch_size=1)  # a claim per row: as many chances to interleave
            reports.append(drain(engine, one_client(outbox_client(settings)), policy=one))
        except BaseException as error:
            errors.append(error)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=dispatcher) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    with Session(database.engine) as session:
        cap = session.exec(select(Workspace.weekly_nudge_cap)).one()
        states = Counter(d.state for d in session.exec(select(Delivery)).all())
    assert cap == 3
    assert len(fake_slack.messages()) == 3
    assert sum(r.sent for r in reports) == 3
    assert sum(r.deferred for r in reports) == 37
    assert states == {"sent": 3, "pending": 37}
