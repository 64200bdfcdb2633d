"""Erasure as Ada asks for it, and what is left after: typing `/career-prep delete`, the button
that confirms it, and every row of every table still naming something."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import MetaData
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from tests.support import slack_requests
from tests.support.app_server import AppServer
from tests.support.fakeslack.fixtures import EMPLOYEE
from tests.support.world import TEAM

ADA_EMAIL = "ada@example.com"


def ask_to_delete(app_server: AppServer, user: str = EMPLOYEE) -> dict[str, Any]:
    """Type `/career-prep delete`; the ack body (the ephemeral question)."""
    body = slack_requests.slash_command(
        "delete", user_id=user, team_id=TEAM, trigger_id=app_server.fake.issue_trigger_id()
    )
    status, _, raw = app_server.post(body)
    assert status == 200, raw
    return json.loads(raw)


def delete_button(message: dict[str, Any]) -> dict[str, Any]:
    (actions,) = [b for b in message["blocks"] if b["type"] == "actions"]
    (button,) = actions["elements"]
    return dict(button)


def rows_naming(engine: Engine, needles: list[str]) -> list[tuple[str, str]]:
    """(table, row) of every row in every table of the database whose text has a needle.

    Reflected from the database itself, so tables another module or library added count.
    """
    metadata = MetaData()
    metadata.reflect(engine)
    assert {t.name for t in SQLModel.metadata.sorted_tables} <= set(metadata.tables)
    found = []
    with engine.connect() as connection:
        for name, table in sorted(metadata.tables.items()):
            for row in connection.execute(table.select()):
                text = " | ".join("" if v is None else str(v) for v in row)
                if any(needle.lower() in text.lower() for needle in needles):
                    found.append((name, text))
    return found
