"""The goals surface's helpers: goals seeded and read back, the goals list modal opened and
its buttons read, the last update of a modal (tests/handlers/test_goals*.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.blocks.ids import Goals as Ids
from bot.db import session_scope
from bot.models import Goal
from tests.support.app_server import AppServer
from tests.support.factories import person_id
from tests.support.fakeslack.fixtures import EMPLOYEE
from tests.support.slack_ui import open_by_command
from tests.support.world import NOW, TODAY


def goals(engine: Engine) -> list[Goal]:
    with Session(engine) as session:
        return list(session.exec(select(Goal).order_by(Goal.id)))  # type: ignore[arg-type]


def seed_goal(engine: Engine, user: str = EMPLOYEE, **fields: Any) -> int:
    with session_scope(engine) as session:
        goal = Goal(
            person_id=person_id(engine, user),
            title=fields.pop("title", "Lead a retro"),
            experiment="Ask to run the next one",
            horizon=fields.pop("horizon", "short"),
            target_on=fields.pop("target_on", TODAY + timedelta(days=60)),
            created_at=NOW,
            updated_at=NOW,
            **fields,
        )
        session.add(goal)
        session.flush()
        return goal.id or 0


def open_list(app_server: AppServer, user: str = EMPLOYEE) -> dict[str, Any]:
    view = open_by_command(app_server, "goals", user)
    assert view["callback_id"] == Ids.MODAL
    return view


def buttons(view: dict[str, Any]) -> list[tuple[str, str]]:
    found = []
    for block in view["blocks"]:
        elements = list(block.get("elements", [])) if block["type"] == "actions" else []
        if "accessory" in block:
            elements.append(block["accessory"])
        found += [(e["action_id"], e.get("value", "")) for e in elements]
    return found


def last_update(app_server: AppServer, count: int = 1) -> dict[str, Any]:
    return app_server.fake.wait_for("views.update", count=count)[-1].args
