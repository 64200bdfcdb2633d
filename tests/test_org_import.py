"""`career-bot org import` and `team set`, through the CLI, against the fake Slack."""

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.cli import main
from bot.config import Settings
from bot.models import Person, Team
from tests.fakeslack import FakeSlack
from tests.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER

HEADER = "email,manager_email,team\n"


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    return tmp_path / "org.csv"


def _people(engine: Engine) -> dict[str, tuple[str | None, str | None, str | None]]:
    """email -> (manager's email, team name, Slack id), as the database holds them."""
    with Session(engine) as session:
        people = session.exec(select(Person)).all()
        teams = {t.id: t.name for t in session.exec(select(Team)).all()}
        by_id = {p.id: p for p in people}
        return {
            p.email or "": (
                by_id[p.manager_id].email if p.manager_id else None,
                teams.get(p.team_id) if p.team_id else None,
                p.slack_user_id,
            )
            for p in people
        }


def _import(csv_file: Path, text: str, *extra: str) -> int:
    csv_file.write_text(text, encoding="utf-8")
    return main(["org", "import", str(csv_file), *extra])


def test_a_good_file_sets_reporting_lines_and_teams(
    slack_env: Settings, engine: Engine, csv_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _import(
        csv_file, HEADER + "Ada@Example.com,grace@example.com,Core\ngrace@example.com,,Leads\n"
    )
    assert code == 0, capsys.readouterr().err
    assert _people(engine) == {
        "ada@example.com": ("grace@example.com", "Core", EMPLOYEE),
        "grace@example.com": (None, "Leads", MANAGER),
    }
    out = capsys.readouterr().out
    assert "Imported 2 rows: 2 people added, 0 managers changed" in out
    assert "2 new teams" in out


def test_reimport_reports_what_changed(
    slack_env: Settings, engine: Engine, csv_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _import(csv_file, HEADER + "ada@example.com,grace@example.com,Core\n") == 0
    capsys.readouterr()
    assert _import(csv_file, HEADER + "ada@example.com,eve@example.com,Core\n") == 0
    out = capsys.readouterr().out
    assert "1 people added, 1 managers changed, 0 teams changed" in out
    assert "manager changed: ada@example.com" in out
    assert _people(engine)["ada@example.com"][0] == "eve@example.com"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            "ada@example.com,ada@example.com,Core\n",
            "line 2: ada@example.com cannot be their own manager",
        ),
        ("not-an-email,,Core\n", "line 2: email 'not-an-email' is not an email address"),
        (",grace@example.com,Core\n", "line 2: email is empty"),
        (
            "ada@example.com,,Core\nada@example.com,,Core\n",
            "line 3: ada@example.com is already listed on line 2",
        ),
        (
            "ada@example.com,grace@example.com,Core\ngrace@example.com,ada@example.com,Core\n",
            "line 2: reporting lines loop: ada@example.com → grace@example.com → ada@example.com",
        ),
        ("ada@example.com,,Core,extra\n", "line 2: has more fields than the header"),
        (
            "nobody@example.com,,Core\n",
            "line 2: email nobody@example.com: no Slack account in this workspace has this email",
        ),
    ],
)
def test_one_bad_row_changes_nothing_and_is_named_by_line(
    slack_env: Settings,
    engine: Engine,
    csv_file: Path,
    capsys: pytest.CaptureFixture[str],
    rows: str,
    expected: str,
) -> None:
    good = HEADER + "grace@example.com,,Leads\n"
    assert _import(csv_file, good) == 0
    before = _people(engine)
    capsys.readouterr()
    assert _import(csv_file, HEADER + rows + "eve@example.com,grace@example.com,Core\n") == 1
    err = capsys.readouterr().err
    assert "was not imported; nothing changed" in err
    assert f"org.csv: {expected}" in err
    assert _people(engine) == before


def test_every_bad_row_is_listed_at_once(
    slack_env: Settings, engine: Engine, csv_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = "bad,,X\nada@example.com,ada@example.com,X\nfine@example.com,also bad,X\n"
    assert _import(csv_file, HEADER + rows) == 1
    err = capsys.readouterr().err
    assert "line 2:" in err and "line 3:" in err and "line 4: manager_email 'also bad'" in err
    assert _people(engine) == {}


def test_a_missing_column_is_named(
    slack_env: Settings, csv_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _import(csv_file, "email,boss\nada@example.com,grace@example.com\n") == 1
    assert "missing manager_email, team (found email, boss)" in capsys.readouterr().err


def test_a_deactivated_account_is_refused(
    slack_env: Settings, fake_slack: FakeSlack, csv_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_slack.add_user("U0GONE0001", email="gone@example.com", deleted=True)
    assert _import(csv_file, HEADER + "gone@example.com,,Core\n") == 1
    assert "line 2: email gone@example.com: this Slack account is deactivated" in (
        capsys.readouterr().err
    )


def test_dry_run_reports_and_writes_nothing(
    slack_env: Settings, engine: Engine, csv_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _import(csv_file, HEADER + "ada@example.com,grace@example.com,Core\n", "--dry-run") == 0
    out = capsys.readouterr().out
    assert "Would import 1 rows: 2 people added" in out
    assert "Dry run: nothing was written." in out
    assert _people(engine) == {}


def test_rate_limits_during_lookups_are_waited_out(
    slack_env: Settings, engine: Engine, fake_slack: FakeSlack, csv_file: Path
) -> None:
    fake_slack.inject("users.lookupByEmail", "ratelimited", times=2, retry_after=1)
    assert _import(csv_file, HEADER + "ada@example.com,grace@example.com,Core\n") == 0
    assert len(fake_slack.calls_to("users.lookupByEmail")) == 4
    assert _people(engine)["ada@example.com"][0] == "grace@example.com"


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
