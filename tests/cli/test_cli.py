"""`career-bot` as a person runs it: clear errors, honest about what is not built yet."""

import os
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import Settings
from tests.support.processes import career_bot

CLEAN_ENV = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_"))}


def test_run_without_tokens_prints_one_clear_line_and_exits_2(tmp_path: Path) -> None:
    result = career_bot("run", env=CLEAN_ENV, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "career-bot: SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-...) "
        "from your Slack app's OAuth & Permissions page"
    )
    assert "Traceback" not in result.stderr


def test_serve_without_a_signing_secret_names_it(tmp_path: Path) -> None:
    env = {**CLEAN_ENV, "SLACK_BOT_TOKEN": "xoxb-1"}
    result = career_bot("serve", env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert "SLACK_SIGNING_SECRET is not set: copy it from your Slack app's Basic Information" in (
        result.stderr
    )


def test_the_bot_refuses_to_start_on_an_empty_database_and_says_what_to_run(
    tmp_path: Path,
) -> None:
    env = {**CLEAN_ENV, "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}
    result = career_bot("run", env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert "run `career-bot db upgrade` first" in result.stderr
    assert "Traceback" not in result.stderr


def test_db_upgrade_creates_the_default_sqlite_file_and_is_idempotent(tmp_path: Path) -> None:
    first = career_bot("db", "upgrade", env=CLEAN_ENV, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "Upgraded the database from empty to" in first.stdout
    assert (tmp_path / "career-bot.db").exists()
    again = career_bot("db", "upgrade", env=CLEAN_ENV, cwd=tmp_path)
    assert again.returncode == 0
    assert "already at the newest schema" in again.stdout
    # Alembic's own INFO lines ("Context impl SQLiteImpl", "Running upgrade ...") stay quiet.
    assert "alembic" not in first.stderr + again.stderr
    listed = career_bot("deliveries", "list", env=CLEAN_ENV, cwd=tmp_path)
    assert (listed.returncode, listed.stderr) == (0, "")


def test_version_names_the_installed_release(tmp_path: Path) -> None:
    from importlib.metadata import version

    result = career_bot("--version", env=CLEAN_ENV, cwd=tmp_path)
    assert (result.returncode, result.stdout.strip()) == (0, f"career-bot {version('career-bot')}")


def test_jobs_list_names_every_job_with_what_it_does(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["jobs", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == [
        "lapses",
        "followups",
        "prep-reminders",
        "digests",
        "deliver",
        "retention",
    ]
    assert "DM managers whose reports are past their cadence" in lines[0]
    assert "not available" not in "\n".join(lines)


def test_running_an_unknown_job_names_the_jobs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["jobs", "run", "nonsense"]) == 2
    assert "there is no job 'nonsense'" in capsys.readouterr().err


def test_a_token_slack_refuses_is_reported_plainly(
    slack_env: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-revoked")
    csv = tmp_path / "org.csv"
    csv.write_text("email,manager_email,team\nada@example.com,,Core\n")
    assert main(["org", "import", str(csv)]) == 1
    assert "Slack refused SLACK_BOT_TOKEN (invalid_auth)" in capsys.readouterr().err
