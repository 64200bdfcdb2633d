"""A reporting-line change: the org import asks too, and the question and introduction fit Slack."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.blocks.handover import intro_message, question_message
from bot.cli import main
from bot.config import Settings
from bot.models import Person
from bot.services.org.handover_contents import Offer, Passed
from tests.support.fakeslack.blockkit import check_message_blocks
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER
from tests.support.handover_world import (
    NEW,
    deliveries_of,
    handovers,
)
from tests.support.world import TODAY

# ---- the org import asks too ----------------------------------------------------------------


def test_an_import_that_moves_someone_asks_them_too(
    slack_env: Settings, engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_file = tmp_path / "org.csv"
    csv_file.write_text("email,manager_email,team\nada@example.com,grace@example.com,Core\n")
    assert main(["org", "import", str(csv_file)]) == 0
    assert handovers(engine) == []  # a first manager: nobody to pass anything on from
    csv_file.write_text("email,manager_email,team\nada@example.com,eve@example.com,Core\n")
    assert main(["org", "import", str(csv_file)]) == 0, capsys.readouterr().err
    (handover,) = handovers(engine)
    with Session(engine) as session:
        people = {p.id: p.slack_user_id for p in session.exec(select(Person))}
    assert (people[handover.old_manager_id or 0], people[handover.new_manager_id]) == (
        MANAGER,
        STRANGER,
    )
    (question,) = deliveries_of(engine, "handover")
    assert (question.recipient, question.state) == (EMPLOYEE, "pending")
    assert check_message_blocks(question.payload["blocks"]) == []


# ---- the builders ----------------------------------------------------------------------------


def test_the_builders_escape_and_fit_slack() -> None:
    text, blocks = question_message(
        Offer(
            handover_id=7,
            employee_user_id=EMPLOYEE,
            old_manager_user_id=MANAGER,
            new_manager_user_id=NEW,
            goals=0,
            last_recap_on=None,
            items=0,
        )
    )
    assert check_message_blocks(blocks) == [] and text
    assert "no active goals yet" in json.dumps(blocks)
    long_notes = "<!here> " + "x" * 1400
    text, blocks = intro_message(
        Passed(
            employee_user_id=EMPLOYEE,
            new_manager_user_id=NEW,
            goals=[f"<@U0{n:08d}> goal" for n in range(10)],
            goals_total=14,
            recap_on=TODAY,
            recap_notes=long_notes,
            items=[("<#C0GENERAL1> step", TODAY)],
            items_total=1,
        )
    )
    shown = json.dumps(blocks)
    assert check_message_blocks(blocks) == [] and f"<@{EMPLOYEE}>" in text
    assert "<!here>" not in shown and "<#C0GENERAL1>" not in shown and "<@U000" not in shown
    assert "and 4 more" in shown
