"""`career-bot org import FILE --check`: the file alone, offline; files that can't be read."""

import os
from pathlib import Path

import pytest

from tests.support.org_csv import HEADER, import_org
from tests.support.processes import career_bot

# No token, no database: --check needs neither, and must not create one.
OFFLINE = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_"))}


def test_check_reads_a_good_file_offline_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "org.csv").write_text(
        HEADER + "ada@example.com,grace@example.com,Core\ngrace@example.com,,Leads\n"
    )
    result = career_bot("org", "import", "org.csv", "--check", env=OFFLINE, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("org.csv: 2 rows, no problems found.")
    assert "Slack was not asked" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["org.csv"]  # no database file


def test_check_lists_every_problem_by_line(
    csv_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The loop (lines 2 and 3) is found after the rows are read, the bad email (line 4) while
    # reading them: the report still goes by line.
    rows = "a@example.com,b@example.com,\nb@example.com,a@example.com,\nnot-an-email,,\n"
    assert import_org(csv_file, HEADER + rows, "--check") == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[1].startswith("  org.csv: line 2: reporting lines loop: a@example.com")
    assert lines[2] == "  org.csv: line 4: email 'not-an-email' is not an email address"


def test_a_file_with_semicolons_gets_a_hint(
    csv_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert import_org(csv_file, "email;manager_email;team\na@example.com;;\n", "--check") == 1
    assert "the file uses semicolons: save it as CSV with commas" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("target", "says"),
    [(".", "is a folder: give the path of the CSV file"), ("gone.csv", "does not exist")],
)
def test_a_path_that_is_no_file_is_one_line_not_a_traceback(
    tmp_path: Path, target: str, says: str
) -> None:
    for extra in (["--check"], []):  # an import fails on it too, before asking for a token
        result = career_bot("org", "import", target, *extra, env=OFFLINE, cwd=tmp_path)
        assert result.returncode == 2
        assert result.stderr.strip() == f"career-bot: {target} {says}"
