"""`career-bot org import` and `team set`, through the CLI, against the fake Slack."""

import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.engine import Engine as SqlEngine
from sqlmodel import Session, col, select

from bot.cli import main
from bot.config import Settings
from bot.models import Person, Team
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER

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


def _left(engine: Engine) -> set[str]:
    with Session(engine) as session:
        people = session.exec(select(Person).where(col(Person.left_at).is_not(None))).all()
        return {p.email or "" for p in people}


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
    assert "1 people added, 1 managers changed, 0 teams changed, 0 back, 0 left" in out
    assert "  line 2: ada@example.com: manager grace@example.com → eve@example.com\n" in out
    assert "  line 2: eve@example.com: added (named only as a manager)\n" in out
    assert _people(engine)["ada@example.com"][0] == "eve@example.com"


def test_people_missing_from_a_later_file_are_marked_left_and_come_back(
    slack_env: Settings, engine: Engine, csv_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    both = (
        HEADER + "ada@example.com,grace@example.com,Core\neve@example.com,grace@example.com,Core\n"
    )
    assert _import(csv_file, both) == 0
    capsys.readouterr()
    assert _import(csv_file, HEADER + "ada@example.com,grace@example.com,Platform\n") == 0
    out = capsys.readouterr().out
    assert "0 people added, 0 managers changed, 1 teams changed, 0 back, 1 left" in out
    assert "  line 2: ada@example.com: team Core → Platform\n" in out
    assert "  not in file: eve@example.com: left (no longer in the file)\n" in out
    assert "1 people an earlier import listed are not in this file and were marked" in out
    assert _left(engine) == {"eve@example.com"}
    # grace was only ever named as a manager, so she did not come "from the CSV" and stays.

    assert _import(csv_file, both) == 0
    out = capsys.readouterr().out
    assert "  line 3: eve@example.com: back (was marked as left)\n" in out
    assert "1 back, 0 left" in out
    assert _left(engine) == set()


def test_someone_who_left_is_back_when_named_as_a_manager(
    slack_env: Settings, engine: Engine, csv_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _import(csv_file, HEADER + "ada@example.com,,Core\neve@example.com,,Core\n") == 0
    assert _import(csv_file, HEADER + "ada@example.com,,Core\n") == 0
    assert _left(engine) == {"eve@example.com"}
    capsys.readouterr()
    assert _import(csv_file, HEADER + "ada@example.com,eve@example.com,Core\n") == 0
    out = capsys.readouterr().out
    assert "  line 2: ada@example.com: manager none → eve@example.com\n" in out
    assert "  line 2: eve@example.com: back (named as a manager)\n" in out
    assert "1 back, 0 left" in out
    assert _left(engine) == set()


def test_a_partial_file_marks_nobody_left(
    slack_env: Settings, engine: Engine, csv_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _import(csv_file, HEADER + "ada@example.com,,Core\neve@example.com,,Core\n") == 0
    assert _import(csv_file, HEADER + "ada@example.com,,Platform\n", "--partial") == 0
    assert "0 left" in capsys.readouterr().out
    assert _left(engine) == set()
    assert _people(engine)["ada@example.com"][1] == "Platform"


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


CROWD = 5_000


def _crowd(fake: FakeSlack, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        fake.add_user(f"U1{n:08d}", email=f"person{n}@example.com", name=f"person{n}")


def _org_file(people: range, *, manager: dict[int, int], team: dict[int, str]) -> str:
    """One row per person n: person n reports to person (n-1)//10 unless `manager` says."""
    lines = [HEADER.strip()]
    for n in people:
        boss = manager.get(n, (n - 1) // 10 if n else None)
        boss_email = f"person{boss}@example.com" if boss is not None else ""
        lines.append(f"person{n}@example.com,{boss_email},{team.get(n, f'Team {n % 50}')}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def commits() -> Iterator[list[object]]:
    """Every COMMIT on any engine (the CLI makes its own), for the one-transaction check."""
    seen: list[object] = []

    def count(connection: object) -> None:
        seen.append(connection)

    event.listen(SqlEngine, "commit", count)
    yield seen
    event.remove(SqlEngine, "commit", count)


def test_five_thousand_rows_in_one_transaction_with_a_per_row_report(
    slack_env: Settings,
    engine: Engine,
    fake_slack: FakeSlack,
    csv_file: Path,
    capsys: pytest.CaptureFixture[str],
    commits: list[object],
) -> None:
    _crowd(fake_slack, CROWD + 5)
    assert _import(csv_file, _org_file(range(CROWD), manager={}, team={})) == 0
    out, err = capsys.readouterr()
    assert f"Imported {CROWD} rows: {CROWD} people added, 0 managers changed" in out
    assert "50 new teams" in out
    assert len(commits) == 1
    # users.list pages instead of 5,000 Tier-3 lookups; progress on stderr as pages arrive.
    assert fake_slack.calls_to("users.lookupByEmail") == []
    pages = fake_slack.calls_to("users.list")
    assert len(pages) == math.ceil((3 + CROWD) / 200)  # up to the last person in the file
    assert {call.args["limit"] for call in pages} == {"200"}
    progress = [line for line in err.splitlines() if line.startswith("Matching emails")]
    assert 2 < len(progress) <= 11 and progress[-1].endswith(f" {CROWD}/{CROWD}")
    people = _people(engine)
    assert len(people) == CROWD
    assert people["person1234@example.com"][:2] == ("person123@example.com", "Team 34")

    # Again: 100 new managers, 100 new teams, the last 10 gone, 5 newcomers.
    changed_manager = {n: 0 for n in range(1000, 1100)}
    moved = {n: "Moved" for n in range(2000, 2100)}
    again = _org_file(
        [*range(CROWD - 10), *range(CROWD, CROWD + 5)], manager=changed_manager, team=moved
    )
    commits.clear()
    assert _import(csv_file, again) == 0
    out = capsys.readouterr().out
    assert (
        f"Imported {CROWD - 5} rows: 5 people added, 100 managers changed, 100 teams changed, "
        f"0 back, 10 left, {CROWD - 10 - 200} unchanged; 1 new teams."
    ) in out
    assert len(commits) == 1
    lines = [line for line in out.splitlines() if line.startswith("  ")]
    assert len(lines) == 5 + 100 + 100 + 10 + 1
    assert (
        "  line 1002: person1000@example.com: manager person99@example.com → person0@example.com"
        in lines
    )
    assert "  line 2002: person2000@example.com: team Team 0 → Moved" in lines
    assert f"  line {CROWD - 10 + 2}: person{CROWD}@example.com: added" in lines
    assert f"  not in file: person{CROWD - 1}@example.com: left (no longer in the file)" in lines
    assert _left(engine) == {f"person{n}@example.com" for n in range(CROWD - 10, CROWD)}
    people = _people(engine)
    assert people["person1050@example.com"][0] == "person0@example.com"
    assert people["person2050@example.com"][1] == "Moved"


def test_one_bad_row_among_five_thousand_changes_nothing(
    slack_env: Settings,
    engine: Engine,
    fake_slack: FakeSlack,
    csv_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _crowd(fake_slack, CROWD)
    fake_slack.add_user("U0GONE0001", email="gone@example.com", deleted=True)
    assert _import(csv_file, _org_file(range(CROWD), manager={}, team={})) == 0
    before = _people(engine)
    capsys.readouterr()
    moved = {n: "Moved" for n in range(CROWD)}
    bad = _org_file(range(CROWD), manager={}, team=moved) + "gone@example.com,,Moved\n"
    assert _import(csv_file, bad) == 1
    err = capsys.readouterr().err
    assert f"line {CROWD + 2}: email gone@example.com: this Slack account is deactivated" in err
    assert err.count("line ") == 1
    unknown = _org_file(range(CROWD), manager={}, team=moved) + "nobody@example.com,,Moved\n"
    assert _import(csv_file, unknown) == 1
    assert f"line {CROWD + 2}: email nobody@example.com: no Slack account in this" in (
        capsys.readouterr().err
    )
    assert _people(engine) == before
    assert _left(engine) == set()


FIELD = "Xf01MANAGER"


@pytest.fixture
def profile_field(slack_env: Settings, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SLACK_MANAGER_PROFILE_FIELD", FIELD)
    return FIELD


def test_rows_without_a_manager_take_it_from_the_slack_profile_and_the_csv_wins(
    profile_field: str,
    engine: Engine,
    fake_slack: FakeSlack,
    csv_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake_slack.add_user(
        EMPLOYEE, email="ada@example.com", profile_fields={FIELD: MANAGER}
    )  # a user-type field holds a user id
    fake_slack.add_user(
        STRANGER, email="eve@example.com", profile_fields={FIELD: "grace@example.com"}
    )
    rows = "ada@example.com,,Core\neve@example.com,ada@example.com,Core\ngrace@example.com,,Core\n"
    assert _import(csv_file, HEADER + rows) == 0, capsys.readouterr().err
    people = _people(engine)
    assert people["ada@example.com"][0] == "grace@example.com"  # from her profile
    assert people["eve@example.com"][0] == "ada@example.com"  # the CSV, not her profile
    assert people["grace@example.com"][0] is None
    with Session(engine) as session:
        sources = {p.email: p.manager_source for p in session.exec(select(Person))}
    assert sources == {
        "ada@example.com": "profile",
        "eve@example.com": "csv",
        "grace@example.com": "csv",
    }
    asked = [call.args["user"] for call in fake_slack.calls_to("users.profile.get")]
    assert asked == [EMPLOYEE, MANAGER]  # only the rows without a manager_email

    fake_slack.add_user(
        EMPLOYEE, email="ada@example.com", profile_fields={FIELD: "eve@example.com"}
    )
    rows = "ada@example.com,,Core\neve@example.com,ada@example.com,Core\ngrace@example.com,,Core\n"
    assert _import(csv_file, HEADER + rows) == 1
    err = capsys.readouterr().err
    assert (
        "line 2: reporting lines loop: ada@example.com → eve@example.com → ada@example.com "
        "(with managers from Slack profiles)"
    ) in err
    assert _people(engine) == people


def test_a_profile_naming_its_owner_as_manager_is_refused(
    profile_field: str,
    engine: Engine,
    fake_slack: FakeSlack,
    csv_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake_slack.add_user(EMPLOYEE, email="ada@example.com", profile_fields={FIELD: EMPLOYEE})
    assert _import(csv_file, HEADER + "ada@example.com,,Core\n") == 1
    assert "line 2: ada@example.com is their own manager in their Slack profile" in (
        capsys.readouterr().err
    )
    assert _people(engine) == {}


def test_a_malformed_profile_field_id_is_a_config_error(
    slack_env: Settings,
    monkeypatch: pytest.MonkeyPatch,
    csv_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SLACK_MANAGER_PROFILE_FIELD", "Manager")
    assert _import(csv_file, HEADER + "ada@example.com,,Core\n") == 2
    assert "SLACK_MANAGER_PROFILE_FIELD should be a custom profile field id" in (
        capsys.readouterr().err
    )
