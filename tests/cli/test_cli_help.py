"""`--help` of every command names what it needs from the environment."""

import pytest

from bot.cli import main
from bot.cli.jobs import JOB_NAMES
from bot.jobs import all_jobs


@pytest.mark.parametrize(
    ("command", "needs"),
    [
        (["run"], ["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "DATABASE_URL"]),
        (["serve"], ["SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "SLACK_CLIENT_ID"]),
        (["jobs", "run"], ["SLACK_BOT_TOKEN", "DATABASE_URL"]),
        (["db", "upgrade"], ["DATABASE_URL"]),
        (["deliveries", "list"], ["DATABASE_URL"]),
        (["deliveries", "retry"], ["DATABASE_URL"]),
        (["org", "import"], ["SLACK_BOT_TOKEN", "SLACK_MANAGER_PROFILE_FIELD", "--check needs"]),
        (["team", "set"], ["SLACK_BOT_TOKEN", "DATABASE_URL"]),
    ],
)
def test_help_names_the_environment_a_command_needs(
    command: list[str], needs: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main([*command, "--help"])
    assert exited.value.code == 0
    shown = " ".join(capsys.readouterr().out.split())  # argparse wraps lines
    assert "Needs:" in shown
    for name in needs:
        assert name in shown


def test_jobs_run_help_names_every_job(capsys: pytest.CaptureFixture[str]) -> None:
    assert list(JOB_NAMES) == [job.name for job in all_jobs()]
    with pytest.raises(SystemExit):
        main(["jobs", "run", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert f"one of: {', '.join(JOB_NAMES)}" in shown
