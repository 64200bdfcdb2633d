"""Out of office at send time: a nudge to someone whose Slack status says away waits for their
first working morning back, even when it was owed before the status was set; recaps, digests
and the lead's list never wait for it.

Ada is in Berlin; the nudges were planned for Monday 2 November 2026, 09:00 there.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.db import session_scope
from bot.models import Delivery, Person
from bot.outbox.away import AWAY
from bot.outbox.dispatch import drain
from bot.outbox.enqueue import Outgoing, enqueue_many
from bot.services.org.away import remember_status
from bot.slack.client import Clients
from tests.support.factories import add_person
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE

BERLIN = ZoneInfo("Europe/Berlin")
TEAM = "T0TEST0001"
HELD_KINDS = ("lapse", "nudge", "followup", "prep-reminder")


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in November 2026 in Berlin, as UTC (2 Nov is a Monday)."""
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN).astimezone(UTC)


PLANNED = _at(2, 9)


def _ada(engine: Engine) -> tuple[int, int]:
    with session_scope(engine) as session:
        ada = add_person(session, EMPLOYEE, slack_team=TEAM, now=PLANNED, tz="Europe/Berlin")
        return ada.workspace_id, ada.id or 0


def _owe(engine: Engine, workspace_id: int, kind: str, **extra: str) -> None:
    recipient = extra.get("recipient", EMPLOYEE)
    message = Outgoing(
        workspace_id,
        recipient,
        kind,
        f"{kind}-1",
        f"a {kind}",
        PLANNED,
        channel=extra.get("channel"),
    )
    with session_scope(engine) as session:
        assert enqueue_many(session=session, messages=[message], now=PLANNED) == 1


def _status(engine: Engine, ada: int, *, at: datetime, **status: object) -> None:
    """What Slack says of Ada's status at `at` (emoji, text, expiration as Unix time)."""
    with session_scope(engine) as session:
        person = session.get(Person, ada)
        assert person is not None
        remember_status(
            session=session,
            person=person,
            emoji=str(status.get("emoji", "")),
            text=str(status.get("text", "")),
            expiration=int(status.get("expiration", 0)),  # type: ignore[call-overload]
            now=at,
        )


def _row(engine: Engine) -> Delivery:
    with Session(engine) as session:
        return session.exec(select(Delivery).order_by(col(Delivery.id))).one()


def _utc(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


@pytest.mark.parametrize("kind", HELD_KINDS)
def test_a_nudge_owed_before_the_status_was_set_waits_until_the_morning_after_it_expires(
    engine: Engine, fake_slack: FakeSlack, client: Clients, kind: str
) -> None:
    workspace_id, ada = _ada(engine)
    _owe(engine, workspace_id, kind)
    # Sunday night Ada sets "on vacation" until Wednesday 18:00.
    back = int(_at(4, 18).timestamp())
    _status(engine, ada, at=_at(1, 22), emoji=":palm_tree:", text="Vacationing", expiration=back)

    report = drain(engine, client, clock=lambda: PLANNED)
    assert (report.sent, report.deferred) == (0, 1)
    row = _row(engine)
    assert (row.state, _utc(row.not_before), row.last_error) == ("pending", _at(5, 9), AWAY)
    assert drain(engine, client, clock=lambda: _at(5, 8, 59)).sent == 0
    assert fake_slack.calls_to("chat.postMessage") == []
    assert drain(engine, client, clock=lambda: _at(5, 9)).sent == 1
    assert len(fake_slack.messages()) == 1


def test_an_expiry_on_friday_evening_releases_on_monday_morning(
    engine: Engine, fake_slack: FakeSlack, client: Clients
) -> None:
    workspace_id, ada = _ada(engine)
    _owe(engine, workspace_id, "followup")
    _status(engine, ada, at=PLANNED, text="OOO", expiration=int(_at(6, 20).timestamp()))
    drain(engine, client, clock=lambda: PLANNED)
    assert _utc(_row(engine).not_before) == _at(9, 9)


def test_with_no_expiry_it_is_looked_at_each_morning_and_goes_the_morning_after_it_clears(
    engine: Engine, fake_slack: FakeSlack, client: Clients
) -> None:
    workspace_id, ada = _ada(engine)
    _owe(engine, workspace_id, "prep-reminder")
    _status(engine, ada, at=_at(1, 12), emoji=":face_with_thermometer:", text="Out sick")

    assert drain(engine, client, clock=lambda: PLANNED).deferred == 1
    assert _utc(_row(engine).not_before) == _at(3, 9)  # looked at again Tuesday morning
    assert drain(engine, client, clock=lambda: _at(3, 9)).deferred == 1
    assert _utc(_row(engine).not_before) == _at(4, 9)

    _status(engine, ada, at=_at(3, 15))  # cleared on Tuesday afternoon
    assert drain(engine, client, clock=lambda: _at(3, 15)).sent == 0  # not before morning
    assert drain(engine, client, clock=lambda: _at(4, 9)).sent == 1


def test_a_status_cleared_before_its_expiry_brings_the_nudge_forward(
    engine: Engine, fake_slack: FakeSlack, client: Clients
) -> None:
    workspace_id, ada = _ada(engine)
    _owe(engine, workspace_id, "lapse")
    in_two_weeks = int(_at(16, 18).timestamp())
    _status(engine, ada, at=_at(1, 12), text="Holiday", expiration=in_two_weeks)
    drain(engine, client, clock=lambda: PLANNED)
    assert _utc(_row(engine).not_before) == _at(17, 9)

    _status(engine, ada, at=_at(5, 7))  # back early: cleared on Thursday at 07:00
    assert _utc(_row(engine).not_before) == _at(5, 9)  # the same morning, after quiet hours
    assert drain(engine, client, clock=lambda: _at(5, 9)).sent == 1


def test_a_status_that_does_not_say_away_holds_nothing(
    engine: Engine, fake_slack: FakeSlack, client: Clients
) -> None:
    workspace_id, ada = _ada(engine)
    _owe(engine, workspace_id, "lapse")
    _status(engine, ada, at=_at(1, 12), emoji=":house_with_garden:", text="leaves early today")
    assert drain(engine, client, clock=lambda: PLANNED).sent == 1


@pytest.mark.parametrize(
    ("kind", "extra"),
    [
        ("recap", {}),  # answers a conversation just logged
        ("digest", {"recipient": "C0DIGEST01", "channel": "C0DIGEST01"}),
        ("digest-lead", {}),  # the lead's list of lapsed pairs: see README
    ],
)
def test_recaps_digests_and_the_leads_list_are_never_held(
    engine: Engine, fake_slack: FakeSlack, client: Clients, kind: str, extra: dict[str, str]
) -> None:
    fake_slack.add_channel("C0DIGEST01")
    workspace_id, ada = _ada(engine)
    _owe(engine, workspace_id, kind, **extra)
    _status(engine, ada, at=_at(1, 12), emoji=":palm_tree:", text="vacation")
    assert drain(engine, client, clock=lambda: PLANNED).sent == 1
    assert _row(engine).state == "sent"


def test_an_away_hold_takes_none_of_the_weekly_cap(
    engine: Engine, fake_slack: FakeSlack, client: Clients
) -> None:
    workspace_id, ada = _ada(engine)
    for n in range(5):
        message = Outgoing(workspace_id, EMPLOYEE, "lapse", f"w{n}", "a lapse", PLANNED)
        with session_scope(engine) as session:
            enqueue_many(session=session, messages=[message], now=PLANNED)
    _status(engine, ada, at=_at(1, 12), text="OOO", expiration=int(_at(3, 18).timestamp()))
    report = drain(engine, client, clock=lambda: PLANNED)
    assert (report.sent, report.deferred) == (0, 5)
    with Session(engine) as session:
        errors = set(session.exec(select(Delivery.last_error)).all())
    assert errors == {AWAY}  # held for being away, not counted against the cap
    assert drain(engine, client, clock=lambda: _at(4, 9) + timedelta(seconds=1)).sent == 3
