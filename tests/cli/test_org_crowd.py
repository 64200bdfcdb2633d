"""`career-bot org import` of five thousand rows: one transaction, a report per row."""

import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.engine import Engine as SqlEngine

from bot.config import Settings
from tests.support.fakeslack import FakeSlack
from tests.support.org_csv import HEADER, import_org, left_people, org_people

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
    assert import_org(csv_file, _org_file(range(CROWD), manager={}, team={})) == 0
    out, err = capsys.readouterr()
    assert f"Imported {CROWD} rows: {CROWD} people added, 0 managers changed" in out
    assert "50 new teams" in out
    assert len(commits) == 1
    # users.list pages instead of 5,000 Tier-3 lookups; no progress off a terminal.
    assert fake_slack.calls_to("users.lookupByEmail") == []
    pages = fake_slack.calls_to("users.list")
    assert len(pages) == math.ceil((3 + CROWD) / 200)  # up to the last person in the file
    assert {call.args["limit"] for call in pages} == {"200"}
    assert "Matching emails" not in err
    people = org_people(engine)
    assert len(people) == CROWD
    assert people["person1234@example.com"][:2] == ("person123@example.com", "Team 34")

    # Again: 100 new managers, 100 new teams, the last 10 gone, 5 newcomers.
    changed_manager = {n: 0 for n in range(1000, 1100)}
    moved = {n: "Moved" for n in range(2000, 2100)}
    again = _org_file(
        [*range(CROWD - 10), *range(CROWD, CROWD + 5)], manager=changed_manager, team=moved
    )
    commits.clear()
    assert import_org(csv_file, again) == 0
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
    assert left_people(engine) == {f"person{n}@example.com" for n in range(CROWD - 10, CROWD)}
    people = org_people(engine)
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
    assert import_org(csv_file, _org_file(range(CROWD), manager={}, team={})) == 0
    before = org_people(engine)
    capsys.readouterr()
    moved = {n: "Moved" for n in range(CROWD)}
    bad = _org_file(range(CROWD), manager={}, team=moved) + "gone@example.com,,Moved\n"
    assert import_org(csv_file, bad) == 1
    err = capsys.readouterr().err
    assert f"line {CROWD + 2}: email gone@example.com: this Slack account is deactivated" in err
    assert err.count("line ") == 1
    unknown = _org_file(range(CROWD), manager={}, team=moved) + "nobody@example.com,,Moved\n"
    assert import_org(csv_file, unknown) == 1
    assert f"line {CROWD + 2}: email nobody@example.com: no Slack account in this" in (
        capsys.readouterr().err
    )
    assert org_people(engine) == before
    assert left_people(engine) == set()
