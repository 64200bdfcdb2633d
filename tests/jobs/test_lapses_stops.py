"""The `lapses` job holds its reminders: a logged conversation, a snooze, a pause, a planned day."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import select

from bot.config import Settings
from bot.db import session_scope
from bot.models import Person
from tests.support.fakeslack.fixtures import MANAGER
from tests.support.lapse_world import (
    NOW,
    delivery_rows,
    edit_person,
    grace_and_reports,
    mark_sent,
    met,
    run_lapses,
)


def test_a_logged_conversation_stops_the_reminders(engine: Engine, settings: Settings) -> None:
    (ada,) = grace_and_reports(engine)
    run_lapses(engine, settings, NOW)
    mark_sent(engine)
    with session_scope(engine) as session:
        grace = session.exec(select(Person).where(Person.slack_user_id == MANAGER)).one()
        met(session, ada, grace.id or 0, NOW.date() + timedelta(days=2))
    assert run_lapses(engine, settings, NOW + timedelta(days=7))["lapsed"] == 0
    assert len(delivery_rows(engine)) == 1


def test_a_pending_reminder_is_withdrawn_once_the_conversation_is_logged(
    engine: Engine, settings: Settings
) -> None:
    (ada,) = grace_and_reports(engine)
    run_lapses(engine, settings, NOW)
    with session_scope(engine) as session:
        grace = session.exec(select(Person).where(Person.slack_user_id == MANAGER)).one()
        met(session, ada, grace.id or 0, NOW.date())
    assert run_lapses(engine, settings, NOW + timedelta(hours=1))["withdrawn"] == 1
    assert delivery_rows(engine) == []


def test_a_snoozed_report_is_quiet_until_the_snooze_ends(
    engine: Engine, settings: Settings
) -> None:
    (ada,) = grace_and_reports(engine)
    edit_person(engine, ada, snoozed_until=NOW + timedelta(days=7))
    assert run_lapses(engine, settings, NOW)["lapsed"] == 0
    assert run_lapses(engine, settings, NOW + timedelta(days=6))["lapsed"] == 0
    assert delivery_rows(engine) == []
    assert run_lapses(engine, settings, NOW + timedelta(days=7, minutes=1))["owed"] == 1


def test_a_paused_or_departed_report_gets_no_reminder(engine: Engine, settings: Settings) -> None:
    (ada,) = grace_and_reports(engine)
    edit_person(engine, ada, paused_until=NOW.date() + timedelta(days=30))
    assert run_lapses(engine, settings, NOW)["lapsed"] == 0
    edit_person(engine, ada, paused_until=None, left_at=NOW)
    assert run_lapses(engine, settings, NOW)["lapsed"] == 0
    assert delivery_rows(engine) == []


def test_a_planned_day_still_ahead_holds_the_reminders_until_it_passes(
    engine: Engine, settings: Settings
) -> None:
    (ada,) = grace_and_reports(engine)
    edit_person(engine, ada, planned_on=NOW.date() + timedelta(days=3))
    assert run_lapses(engine, settings, NOW)["lapsed"] == 0
    assert run_lapses(engine, settings, NOW + timedelta(days=3))["lapsed"] == 0  # the day itself
    assert delivery_rows(engine) == []
    assert run_lapses(engine, settings, NOW + timedelta(days=4))["owed"] == 1  # it passed unlogged


def test_a_schedule_after_a_reminder_withdraws_the_pending_one(
    engine: Engine, settings: Settings
) -> None:
    (ada,) = grace_and_reports(engine)
    run_lapses(engine, settings, NOW)
    edit_person(engine, ada, planned_on=NOW.date() + timedelta(days=10))
    assert run_lapses(engine, settings, NOW + timedelta(hours=1))["withdrawn"] == 1
    assert delivery_rows(engine) == []
