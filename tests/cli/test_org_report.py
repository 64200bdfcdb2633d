"""`career-bot org import --dry-run` and `--report`: a summary, the first changes, a CSV of all."""

import csv
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from bot.config import Settings
from tests.support.fakeslack import FakeSlack
from tests.support.org_csv import HEADER, import_org, org_people


def _people(fake: FakeSlack, count: int) -> str:
    for n in range(count):
        fake.add_user(f"U1{n:08d}", email=f"person{n}@example.com", name=f"person{n}")
    rows = [
        f"person{n}@example.com,{'person0@example.com' if n else ''},Core" for n in range(count)
    ]
    return HEADER + "\n".join(rows) + "\n"


def test_a_dry_run_lists_the_first_ten_changes_and_the_report_every_one(
    slack_env: Settings,
    engine: Engine,
    fake_slack: FakeSlack,
    csv_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = tmp_path / "report.csv"
    assert import_org(csv_file, _people(fake_slack, 25), "--dry-run", "--report", str(report)) == 0
    out = capsys.readouterr().out
    assert "Would import 25 rows: 25 people added, 0 managers changed" in out
    listed = [line for line in out.splitlines() if line.startswith("  line ")]
    assert listed == [f"  line {n + 2}: person{n}@example.com: added" for n in range(10)]
    assert "  … and 15 more changes: --report PATH writes every one to a file" in out
    assert f"The full report is in {report} (CSV" in out
    assert "Dry run: nothing was written." in out
    assert org_people(engine) == {}
    with report.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == 26  # 25 people and the new team
    assert rows[0] == {
        "line": "2",
        "email": "person0@example.com",
        "slack_user_id": "U100000000",
        "change": "added",
    }
    assert rows[-1] == {"line": "", "email": "", "slack_user_id": "", "change": "new team: Core"}
    assert set(rows[0]) == {"line", "email", "slack_user_id", "change"}  # nothing else


def test_a_real_import_writes_a_report_with_unchanged_rows_too(
    slack_env: Settings, fake_slack: FakeSlack, csv_file: Path, tmp_path: Path
) -> None:
    text = _people(fake_slack, 3)
    assert import_org(csv_file, text) == 0
    report = tmp_path / "again.csv"
    assert import_org(csv_file, text, "--report", str(report)) == 0
    with report.open(encoding="utf-8", newline="") as file:
        rows = [(row["line"], row["email"], row["change"]) for row in csv.DictReader(file)]
    assert rows == [(str(n + 2), f"person{n}@example.com", "unchanged") for n in range(3)]


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("", "is a folder: give the path of a file to write"),
        ("missing/report.csv", "the folder"),
    ],
)
def test_a_report_path_that_cannot_be_written_is_one_line_before_slack_is_asked(
    slack_env: Settings,
    fake_slack: FakeSlack,
    csv_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    where: str,
    expected: str,
) -> None:
    path = tmp_path / where if where else tmp_path
    assert import_org(csv_file, _people(fake_slack, 2), "--dry-run", "--report", str(path)) == 2
    err = capsys.readouterr().err
    assert expected in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert fake_slack.calls == [] or fake_slack.calls_to("users.lookupByEmail") == []
