"""Who is acting: a known person costs a read, a newcomer's zone is asked after the response.

Slack's `users.info` is held unanswered in these tests: every request must still be answered,
so nothing before the ack waits for it. Once released, each newcomer's zone arrives in its
own write, asked once per person however many of their first requests came at once, and
it neither undoes nor is undone by what a listener saved meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.models import Person
from tests.support.app_server import AppServer
from tests.support.bursts import at_once, command, people_rows, some_people
from tests.support.fakeslack.fixtures import EMPLOYEE
from tests.support.slack_ui import eventually, open_by_command, submit

ZONES = ["America/New_York", "Asia/Tokyo", "Europe/Paris", "Australia/Sydney"]


def _zones(engine: Engine) -> dict[str, str | None]:
    with Session(engine) as session:
        return {p.slack_user_id: p.tz for p in session.exec(select(Person))}


def _asked(app_server: AppServer) -> list[str]:
    return sorted(str(call.args["user"]) for call in app_server.fake.calls_to("users.info"))


def test_first_sight_bursts_are_answered_before_slack_says_anyones_zone(
    app_server: AppServer, engine: Engine
) -> None:
    fake = app_server.fake
    newcomers = some_people(10, prefix="U0FIRST")
    for n, user in enumerate(newcomers):
        fake.add_user(user, tz=ZONES[n % len(ZONES)])
    fake.hold("users.info")
    try:
        # The same newcomer ten times at once, and ten newcomers at once, in one burst.
        users = [newcomers[0]] * 10 + newcomers
        answers = at_once(app_server, [command(app_server, "help", user) for user in users])
        assert [status for status, _ in answers] == [200] * len(users)
        assert people_rows(engine) == {user: 1 for user in newcomers}
        assert set(_zones(engine).values()) == {None}  # nobody's zone before Slack answers
    finally:
        fake.release()
    want = {user: ZONES[n % len(ZONES)] for n, user in enumerate(newcomers)}
    eventually(lambda: _zones(engine) == want)
    assert _asked(app_server) == sorted(newcomers)  # one question per person


def test_a_known_persons_request_writes_nothing(app_server: AppServer, engine: Engine) -> None:
    user = "U0KNOWN0001"
    app_server.fake.add_user(user, tz="Europe/Paris")
    assert app_server.post(command(app_server, "help", user))[0] == 200
    eventually(lambda: _zones(engine).get(user) == "Europe/Paris")
    statements: list[str] = []
    record: Callable[..., None] = lambda _c, _cur, sql, *_rest: statements.append(sql)  # noqa: E731
    event.listen(engine, "before_cursor_execute", record)
    try:
        assert app_server.post(command(app_server, "help", user))[0] == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    writes = [s for s in statements if s.lstrip().upper().startswith(("INSERT", "UPDATE"))]
    assert statements and writes == []
    assert not any("IMMEDIATE" in s.upper() for s in statements)


def test_the_late_zone_and_a_settings_save_both_stay(app_server: AppServer, engine: Engine) -> None:
    fake = app_server.fake
    fake.add_user(EMPLOYEE, tz="Asia/Tokyo")
    fake.hold("users.info")
    try:
        view = open_by_command(app_server, "settings", EMPLOYEE)  # the first sight
        reply = submit(app_server, view, {"cadence": "monthly", "tz_override": "Europe/Oslo"})
        assert reply["response_action"] == "update"
    finally:
        fake.release()
    eventually(lambda: _zones(engine).get(EMPLOYEE) == "Asia/Tokyo")
    with Session(engine) as session:
        person = session.exec(select(Person).where(Person.slack_user_id == EMPLOYEE)).one()
    assert (person.tz, person.tz_override, person.cadence_days) == (
        "Asia/Tokyo",
        "Europe/Oslo",
        30,
    )
