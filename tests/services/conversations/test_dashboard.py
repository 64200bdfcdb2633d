"""cycles(): each person's last conversation and due date, for a few people or thousands."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.db import session_scope
from bot.models import Conversation, Person
from bot.services.conversations.dashboard import MAX_IDS_IN_QUERY, cycles
from bot.services.workspaces.registry import ensure_workspace

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
TODAY = NOW.date()


@pytest.mark.parametrize("count", [3, MAX_IDS_IN_QUERY + 200])
def test_cycles_find_the_latest_conversation_for_few_or_many_people(
    engine: Engine, count: int
) -> None:
    with session_scope(engine) as session:
        workspace = ensure_workspace(session=session, slack_team_id="T1", now=NOW)
        other = ensure_workspace(session=session, slack_team_id="T2", now=NOW)
        joined = NOW - timedelta(days=400)
        session.execute(
            insert(Person),
            [
                {
                    "workspace_id": workspace.id,
                    "slack_user_id": f"U{i:08d}",
                    "joined_at": joined,
                    "is_admin": False,
                }
                for i in range(count)
            ]
            + [
                {
                    "workspace_id": other.id,
                    "slack_user_id": "U0OTHER",
                    "joined_at": joined,
                    "is_admin": False,
                }
            ],
        )
    with Session(engine, expire_on_commit=False) as session:
        people = session.exec(select(Person).order_by(Person.id)).all()  # type: ignore[arg-type]
        ours, partner = [p for p in people if p.workspace_id == workspace.id], people[-1]
        rows = []
        for n, person in enumerate(ours[:3]):
            for days_ago in (200, 40 + n):  # the later one must win
                rows.append(
                    {
                        "workspace_id": person.workspace_id,
                        "employee_id": person.id,
                        "partner_id": partner.id,
                        "held_on": TODAY - timedelta(days=days_ago),
                        "kind": "manager",
                        "shared_notes": "",
                        "follow_up": "none",
                        "logged_by_id": person.id,
                        "created_at": NOW,
                        "updated_at": NOW,
                    }
                )
        session.execute(insert(Conversation), rows)
        session.commit()
        found = cycles(session=session, people=ours, today=TODAY)
    assert len(found) == count
    for n, person in enumerate(ours[:3]):
        cycle = found[person.id or 0]
        assert cycle.last_on == TODAY - timedelta(days=40 + n)
        assert cycle.status == "on_track"
    never = found[ours[3].id or 0] if count > 3 else None
    if never is not None:
        assert never.last_on is None and never.status == "lapsed"
        assert never.next_on == date(2026, 11, 20) - timedelta(days=400) + timedelta(days=90)
    assert partner.id not in found
