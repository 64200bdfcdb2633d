"""`career-bot team set` through the CLI, against the fake Slack."""

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.cli import main
from bot.config import Settings
from bot.models import Person, Team
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import STRANGER


def test_team_set_creates_then_updates_a_team(
    slack_env: Settings, engine: Engine, fake_slack: FakeSlack, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_slack.add_channel("C0CORE0001")
    fake_slack.add_channel("C0CORE0002", private=True)
    assert (
        main(["team", "set", "Core", "--lead", "grace@example.com", "--channel", "C0CORE0001"]) == 0
    )
    assert "Created team 'Core': lead grace@example.com" in capsys.readouterr().out
    assert [c.args["channel"] for c in fake_slack.calls_to("conversations.info")] == ["C0CORE0001"]
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
        (
            ["--lead", "grace@example.com", "--channel", "C0NOSUCH01"],
            "--channel C0NOSUCH01: the bot sees no channel with this ID: check the ID",
        ),
        (
            ["--lead", "grace@example.com", "--channel", "C0OUTSIDE1"],
            "--channel C0OUTSIDE1: the bot is not in #channel-c0outside1: invite @Career "
            "Conversations to #channel-c0outside1 (type /invite @Career Conversations in the "
            "channel), then run this again",
        ),
        (
            ["--lead", "grace@example.com", "--channel", "C0ARCHIVE1"],
            "--channel C0ARCHIVE1: the channel is archived: unarchive it or pick another",
        ),
        (  # a private channel the bot is not in is hidden from it, as Slack does
            ["--lead", "grace@example.com", "--channel", "C0HIDDEN01"],
            "a private channel stays hidden until you invite @Career Conversations to it",
        ),
    ],
)
def test_team_set_rejects_bad_input_and_saves_nothing(
    slack_env: Settings,
    engine: Engine,
    fake_slack: FakeSlack,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    expected: str,
) -> None:
    fake_slack.add_channel("C0CORE0001")
    fake_slack.add_channel("C0OUTSIDE1", members_bot=False)
    fake_slack.add_channel("C0HIDDEN01", members_bot=False, private=True)
    fake_slack.add_channel("C0ARCHIVE1", archived=True)
    assert main(["team", "set", "Core", *args]) == 1
    err = capsys.readouterr().err
    assert expected in err
    assert err.count("\n") == 1  # one line
    with Session(engine) as session:
        assert session.exec(select(Team)).all() == []


def test_team_set_without_the_scope_to_check_the_channel_says_which_to_add(
    slack_env: Settings, engine: Engine, fake_slack: FakeSlack, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_slack.inject("conversations.info", "error", error="missing_scope")
    args = ["--lead", "grace@example.com", "--channel", "C0CORE0001"]
    assert main(["team", "set", "Core", *args]) == 1
    assert "lacks the channels:read scope (groups:read for a private channel)" in (
        capsys.readouterr().err
    )
    with Session(engine) as session:
        assert session.exec(select(Team)).all() == []
