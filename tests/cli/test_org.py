"""`career-bot org import` through the CLI, against the fake Slack: what a file changes."""

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from bot.config import Settings
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER
from tests.support.org_csv import HEADER, import_org, left_people, org_people


def test_a_good_file_sets_reporting_lines_and_teams(
    slack_env: Settings, engine: Engine, csv_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = import_org(
        csv_file, HEADER + "Ada@Example.com,grace@example.com,Core\ngrace@example.com,,Leads\n"
    )
    assert code == 0, capsys.readouterr().err
    assert org_people(engine) == {
        "ada@example.com": ("grace@example.com", "Core", EMPLOYEE),
        "grace@example.com": (None, "Leads", MANAGER),
    }
    out = capsys.readouterr().out
    assert "Imported 2 rows: 2 people added, 0 managers changed" in out
    assert "2 new teams" in out


def test_reimport_reports_what_changed(
    slack_env: Settings, engine: Engine, csv_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert import_org(csv_file, HEADER + "ada@example.com,grace@example.com,Core\n") == 0
    capsys.readouterr()
    assert import_org(csv_file, HEADER + "ada@example.com,eve@example.com,Core\n") == 0
    out = capsys.readouterr().out
    assert "1 people added, 1 managers changed, 0 teams changed, 0 back, 0 left" in out
    assert "  line 2: ada@example.com: manager grace@example.com → eve@example.com\n" in out
    assert "  line 2: eve@example.com: added (named only as a manager)\n" in out
    assert org_people(engine)["ada@example.com"][0] == "eve@example.com"


def test_people_missing_from_a_later_file_are_marked_left_and_come_back(
    slack_env: Settings, engine: Engine, csv_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    both = (
        HEADER + "ada@example.com,grace@example.com,Core\neve@example.com,grace@example.com,Core\n"
    )
    assert import_org(csv_file, both) == 0
    capsys.readouterr()
    assert import_org(csv_file, HEADER + "ada@example.com,grace@example.com,Platform\n") == 0
    out = capsys.readouterr().out
    assert "0 people added, 0 managers changed, 1 teams changed, 0 back, 1 left" in out
    assert "  line 2: ada@example.com: team Core → Platform\n" in out
    assert "  not in file: eve@example.com: left (no longer in the file)\n" in out
    assert "1 people an earlier import listed are not in this file and were marked" in out
    assert left_people(engine) == {"eve@example.com"}
    # grace was only ever named as a manager, so she did not come "from the CSV" and stays.

    assert import_org(csv_file, both) == 0
    out = capsys.readouterr().out
    assert "  line 3: eve@example.com: back (was marked as left)\n" in out
    assert "1 back, 0 left" in out
    assert left_people(engine) == set()


def test_someone_who_left_is_back_when_named_as_a_manager(
    slack_env: Settings, engine: Engine, csv_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert import_org(csv_file, HEADER + "ada@example.com,,Core\neve@example.com,,Core\n") == 0
    assert import_org(csv_file, HEADER + "ada@example.com,,Core\n") == 0
    assert left_people(engine) == {"eve@example.com"}
    capsys.readouterr()
    assert import_org(csv_file, HEADER + "ada@example.com,eve@example.com,Core\n") == 0
    out = capsys.readouterr().out
    assert "  line 2: ada@example.com: manager none → eve@example.com\n" in out
    assert "  line 2: eve@example.com: back (named as a manager)\n" in out
    assert "1 back, 0 left" in out
    assert left_people(engine) == set()


def test_a_partial_file_marks_nobody_left(
    slack_env: Settings, engine: Engine, csv_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert import_org(csv_file, HEADER + "ada@example.com,,Core\neve@example.com,,Core\n") == 0
    assert import_org(csv_file, HEADER + "ada@example.com,,Platform\n", "--partial") == 0
    assert "0 left" in capsys.readouterr().out
    assert left_people(engine) == set()
    assert org_people(engine)["ada@example.com"][1] == "Platform"


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
    assert import_org(csv_file, good) == 0
    before = org_people(engine)
    capsys.readouterr()
    assert import_org(csv_file, HEADER + rows + "eve@example.com,grace@example.com,Core\n") == 1
    err = capsys.readouterr().err
    assert "was not imported; nothing changed" in err
    assert f"org.csv: {expected}" in err
    assert org_people(engine) == before


def test_every_bad_row_is_listed_at_once(
    slack_env: Settings, engine: Engine, csv_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = "bad,,X\nada@example.com,ada@example.com,X\nfine@example.com,also bad,X\n"
    assert import_org(csv_file, HEADER + rows) == 1
    err = capsys.readouterr().err
    assert "line 2:" in err and "line 3:" in err and "line 4: manager_email 'also bad'" in err
    assert org_people(engine) == {}


def test_a_missing_column_is_named(
    slack_env: Settings, csv_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert import_org(csv_file, "email,boss\nada@example.com,grace@example.com\n") == 1
    assert "missing manager_email, team (found email, boss)" in capsys.readouterr().err


def test_a_deactivated_account_is_refused(
    slack_env: Settings, fake_slack: FakeSlack, csv_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_slack.add_user("U0GONE0001", email="gone@example.com", deleted=True)
    assert import_org(csv_file, HEADER + "gone@example.com,,Core\n") == 1
    assert "line 2: email gone@example.com: this Slack account is deactivated" in (
        capsys.readouterr().err
    )


def test_dry_run_reports_and_writes_nothing(
    slack_env: Settings, engine: Engine, csv_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        import_org(csv_file, HEADER + "ada@example.com,grace@example.com,Core\n", "--dry-run") == 0
    )
    out = capsys.readouterr().out
    assert "Would import 1 rows: 2 people added" in out
    assert "Dry run: nothing was written." in out
    assert org_people(engine) == {}


def test_rate_limits_during_lookups_are_waited_out(
    slack_env: Settings, engine: Engine, fake_slack: FakeSlack, csv_file: Path
) -> None:
    fake_slack.inject("users.lookupByEmail", "ratelimited", times=2, retry_after=1)
    assert import_org(csv_file, HEADER + "ada@example.com,grace@example.com,Core\n") == 0
    assert len(fake_slack.calls_to("users.lookupByEmail")) == 4
    assert org_people(engine)["ada@example.com"][0] == "grace@example.com"
