"""`user_change` through signed HTTP: a known person's status is judged and only the verdict
kept; an older event arriving late changes nothing; a burst for one person ends on the newest.

(Zones on user_change, with the refresh, are tested with the whole app in system/test_zones.py.)
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.db import session_scope
from bot.models import Delivery, Person
from bot.outbox.away import AWAY
from tests.support import hostile_app as hostile
from tests.support import slack_requests
from tests.support.app_server import AppServer
from tests.support.bursts import at_once, server_errors
from tests.support.factories import person_id
from tests.support.fakeslack.fixtures import EMPLOYEE, STRANGER
from tests.support.hostile_app import SettledServer
from tests.support.slack_status import change_status
from tests.support.slack_ui import eventually

settled_server = hostile.settled_server  # the fixture, for this module's tests
TEXT = "Kayaking-in-Lofoten"  # typed by Ada: never stored


def _ada(engine: Engine) -> Person:
    with Session(engine) as session:
        return session.exec(select(Person).where(Person.slack_user_id == EMPLOYEE)).one()


def _aware(at: datetime | None) -> datetime | None:
    return at.replace(tzinfo=UTC) if at is not None and at.tzinfo is None else at


def test_user_change_keeps_whether_ada_is_away_and_until_when_never_her_status(
    app_server: AppServer, engine: Engine
) -> None:
    person_id(engine, EMPLOYEE)
    now = datetime.now(UTC).replace(microsecond=0)
    until = now + timedelta(days=3)
    change_status(
        app_server,
        EMPLOYEE,
        at=now,
        emoji=":palm_tree:",
        text=TEXT,
        expiration=int(until.timestamp()),
    )
    eventually(lambda: _ada(engine).away)
    ada = _ada(engine)
    assert _aware(ada.away_until) == until
    assert TEXT not in str(ada.model_dump()) and "palm_tree" not in str(ada.model_dump())

    change_status(app_server, EMPLOYEE, at=now + timedelta(seconds=5))  # cleared
    eventually(lambda: not _ada(engine).away)
    assert _ada(engine).away_until is None

    change_status(app_server, STRANGER, at=now, text="vacation")
    with Session(engine) as session:  # a stranger's status creates nobody
        assert session.exec(select(Person).where(Person.slack_user_id == STRANGER)).first() is None


def test_an_older_event_arriving_late_changes_nothing(
    app_server: AppServer, engine: Engine
) -> None:
    person_id(engine, EMPLOYEE)
    now = datetime.now(UTC).replace(microsecond=0)
    change_status(app_server, EMPLOYEE, at=now, text="back at work")
    eventually(lambda: _aware(_ada(engine).away_seen_at) == now)
    change_status(app_server, EMPLOYEE, at=now - timedelta(minutes=1), text="OOO")
    change_status(app_server, EMPLOYEE, at=now + timedelta(minutes=1), text="In a meeting")
    eventually(lambda: _aware(_ada(engine).away_seen_at) == now + timedelta(minutes=1))
    assert not _ada(engine).away


def test_clearing_the_status_brings_a_held_nudge_forward(
    app_server: AppServer, engine: Engine
) -> None:
    ada = person_id(engine, EMPLOYEE)
    now = datetime.now(UTC).replace(microsecond=0)
    far = now + timedelta(days=30)
    change_status(app_server, EMPLOYEE, at=now, text="OOO", expiration=int(far.timestamp()))
    eventually(lambda: _ada(engine).away)
    with session_scope(engine) as session:
        workspace_id = (session.get(Person, ada) or Person()).workspace_id
        session.add(
            Delivery(
                workspace_id=workspace_id,
                recipient=EMPLOYEE,
                kind="followup",
                period_key="1",
                not_before=far,
                last_error=AWAY,
                created_at=now,
            )
        )
    change_status(app_server, EMPLOYEE, at=now + timedelta(seconds=1))

    def moved() -> bool:
        with Session(engine) as session:
            row = session.exec(select(Delivery)).one()
            return (_aware(row.not_before) or far) <= now + timedelta(days=4)

    eventually(moved)  # the next working morning, at most a long weekend away


def test_a_burst_of_user_change_events_for_one_person_ends_on_the_newest(
    settled_server: SettledServer, engine: Engine
) -> None:
    person_id(engine, EMPLOYEE)
    fake = settled_server.fake
    now = datetime.now(UTC).replace(microsecond=0)
    user = fake.set_status(EMPLOYEE)
    bodies = []
    for n in range(20):
        text = "On vacation" if n % 2 == 0 else "At my desk"
        changed = {**user, "profile": {**user["profile"], "status_text": text}}
        at = int((now + timedelta(seconds=n)).timestamp())
        bodies.append(slack_requests.user_change(changed, team_id="T0TEST0001", event_time=at))
    newest = bodies[-1]  # "At my desk"
    random.Random(7).shuffle(bodies)
    answers = at_once(settled_server, bodies)
    assert server_errors(answers) == [] and {status for status, _ in answers} == {200}
    settled_server.settle()
    ada = _ada(engine)
    assert (ada.away, _aware(ada.away_seen_at)) == (False, now + timedelta(seconds=19))
    assert b"At my desk" in newest
