"""The `followups` job holds back: nothing open, a newer conversation, no rhythm, a pause."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.db import session_scope
from bot.models import Conversation, Goal, Person
from tests.support.followup_job import run_followups
from tests.support.followup_world import (
    HELD,
    NOW,
    edit,
    met,
    people,
    rows,
)


def test_nothing_open_means_no_follow_up_but_a_goal_near_its_horizon_counts(
    engine: Engine, settings: Settings
) -> None:
    who = people(engine)
    met(engine, who, items=())
    assert run_followups(engine, settings)["due"] == 0
    with session_scope(engine) as session:
        session.add(
            Goal(
                person_id=who.ada,
                title="Speak at a meetup",
                horizon="short",
                target_on=NOW.date() + timedelta(days=20),
                created_at=NOW,
                updated_at=NOW,
            )
        )
    assert run_followups(engine, settings)["owed"] == 2
    assert "Speak at a meetup" in json.dumps(rows(engine, "followup")[0].payload["blocks"])


def test_a_newer_conversation_withdraws_the_pending_follow_ups(
    engine: Engine, settings: Settings
) -> None:
    who = people(engine)
    met(engine, who)
    run_followups(engine, settings)
    met(engine, who, held_on=NOW.date())  # they met again today: nothing due for 30 days
    assert run_followups(engine, settings, NOW + timedelta(hours=1)) == {
        "due": 0,
        "owed": 0,
        "withdrawn": 2,
    }
    assert rows(engine, "followup") == []


def test_only_the_latest_conversation_of_a_pair_drives_follow_ups_in_either_role(
    engine: Engine, settings: Settings
) -> None:
    who = people(engine)
    met(engine, who, held_on=date(2026, 8, 1), items=("Older step",))
    with session_scope(engine) as session:
        swapped = Conversation(  # the same two people, roles the other way round, later
            workspace_id=who.workspace,
            employee_id=who.grace,
            partner_id=who.ada,
            held_on=HELD,
            kind="peer",
            follow_up="monthly",
            next_on=date(2026, 12, 23),
            logged_by_id=who.ada,
            created_at=NOW,
            updated_at=NOW,
        )
        session.add(swapped)
        session.flush()
        newest = swapped.id
    assert run_followups(engine, settings)["owed"] == 2
    assert {r.period_key for r in rows(engine, "followup")} == {f"{newest}:1"}
    assert "Older step" in json.dumps(rows(engine, "followup")[0].payload["blocks"])


def test_no_rhythm_or_the_next_conversation_near_means_no_follow_up(
    engine: Engine, settings: Settings
) -> None:
    who = people(engine)
    met(engine, who, follow_up="none")
    assert run_followups(engine, settings)["due"] == 0
    # A newer conversation with a rhythm, whose next date is Wednesday 28 Oct: its prep
    # reminder lands on Monday 26 Oct, so the follow-up landing then is left out.
    met(engine, who, held_on=date(2026, 9, 23), next_on=date(2026, 10, 28))
    assert run_followups(engine, settings)["due"] == 0
    assert rows(engine, "followup") == []


@pytest.mark.parametrize("change", ["ada_paused", "grace_paused", "ada_left", "new_manager"])
def test_paused_departed_or_former_managers_get_nothing(
    engine: Engine, settings: Settings, change: str
) -> None:
    who = people(engine)
    met(engine, who)
    run_followups(engine, settings)
    changes: dict[str, tuple[int, dict[str, object]]] = {
        "ada_paused": (who.ada, {"paused_until": NOW.date() + timedelta(days=10)}),
        "grace_paused": (who.grace, {"paused_until": NOW.date() + timedelta(days=1)}),
        "ada_left": (who.ada, {"left_at": NOW}),
        "new_manager": (who.ada, {"manager_id": None}),
    }
    person, values = changes[change]
    if change == "new_manager":
        with session_scope(engine) as session:
            other = Person(workspace_id=who.workspace, slack_user_id="U0OTHER01", joined_at=NOW)
            session.add(other)
            session.flush()
            values = {"manager_id": other.id}
    edit(engine, person, **values)
    result = run_followups(engine, settings, NOW + timedelta(hours=1))
    assert (result["due"], result["withdrawn"]) == (0, 2)
    assert rows(engine, "followup") == []
