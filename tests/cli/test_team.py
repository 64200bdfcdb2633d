"""`career-bot team set` through the CLI, against the fake Slack."""

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.cli import main
from bot.config import Settings
from bot.models import Person, Team
from tests.support.fakeslack.fixtures import STRANGER


def test_team_set_creates_then_updates_a_team(
    slack_env: Settings, engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["team", "set", "Core", "--lead", "grace@example.com", "--channel", "C0CORE0001"]) == 0
    )
    assert "Created team 'Core': lead grace@example.com" in capsys.readouterr().out
    assert (
        main(["team", "set", "Core", "--lead", "eve@example.com", "--channel", "C0CORE0002"]) == 0
    )
    assert "Updated team 'Core'" in capsys.readouterr().out
    with Session(engine) as session:
        (team,) = session.exec(select(Team)).all()
        lead = session.get(Person, team.lead_id)
        assert lead is not None
        assert (team.digest_channel, lead.slack_user_id) == ("C0CORE0002", STRANGER)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--lead", "grace@example.com", "--channel", "#general"], "is not a channel ID"),
        (
            ["--lead", "nobody@example.com", "--channel", "C0CORE0001"],
            "--lead nobody@example.com: no Slack account",
        ),
    ],
)
def test_team_set_rejects_bad_input_and_saves_nothing(
    slack_env: Settings,
    engine: Engine,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    expected: str,
) -> None:
    assert main(["team", "set", "Core", *args]) == 1
    assert expected in capsys.readouterr().err
    with Session(engine) as session:
        assert session.exec(select(Team)).all() == []
