"""`career-bot org import` taking managers from a Slack profile field where the file has none."""

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.config import Settings
from bot.models import Person
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER
from tests.support.org_csv import HEADER, import_org, org_people

FIELD = "Xf01MANAGER"


@pytest.fixture
def profile_field(
    slack_env: Settings, monkeypatch: pytest.MonkeyPatch, fake_slack: FakeSlack
) -> str:
    monkeypatch.setenv("SLACK_MANAGER_PROFILE_FIELD", FIELD)
    fake_slack.grant("users.profile:read")  # the scope the feature needs, uncommented
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
    assert import_org(csv_file, HEADER + rows) == 0, capsys.readouterr().err
    people = org_people(engine)
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
    assert import_org(csv_file, HEADER + rows) == 1
    err = capsys.readouterr().err
    assert (
        "line 2: reporting lines loop: ada@example.com → eve@example.com → ada@example.com "
        "(with managers from Slack profiles)"
    ) in err
    assert org_people(engine) == people


def test_a_profile_naming_its_owner_as_manager_is_refused(
    profile_field: str,
    engine: Engine,
    fake_slack: FakeSlack,
    csv_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake_slack.add_user(EMPLOYEE, email="ada@example.com", profile_fields={FIELD: EMPLOYEE})
    assert import_org(csv_file, HEADER + "ada@example.com,,Core\n") == 1
    assert "line 2: ada@example.com is their own manager in their Slack profile" in (
        capsys.readouterr().err
    )
    assert org_people(engine) == {}


def test_a_malformed_profile_field_id_is_a_config_error(
    slack_env: Settings,
    monkeypatch: pytest.MonkeyPatch,
    csv_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SLACK_MANAGER_PROFILE_FIELD", "Manager")
    assert import_org(csv_file, HEADER + "ada@example.com,,Core\n") == 2
    assert "SLACK_MANAGER_PROFILE_FIELD should be a custom profile field id" in (
        capsys.readouterr().err
    )


def test_a_profile_field_without_the_profile_scope_stops_before_any_look_up(
    slack_env: Settings,
    monkeypatch: pytest.MonkeyPatch,
    engine: Engine,
    fake_slack: FakeSlack,
    csv_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The minimal manifest's scopes: users.profile:read is commented out there.
    monkeypatch.setenv("SLACK_MANAGER_PROFILE_FIELD", FIELD)
    code = import_org(csv_file, HEADER + "ada@example.com,,Core\n")
    assert code != 0
    err = capsys.readouterr().err
    assert (
        "SLACK_MANAGER_PROFILE_FIELD is set but the bot token lacks the users.profile:read" in err
    )
    assert "reinstall the app, or unset SLACK_MANAGER_PROFILE_FIELD" in err
    assert "Traceback" not in err
    looked_up = {"users.lookupByEmail", "users.list", "users.profile.get"}
    assert [c.method for c in fake_slack.calls if c.method in looked_up] == []
    assert org_people(engine) == {}
