"""`/career-prep export` through signed HTTP: the whole record, as Markdown and JSON files."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.models import Person
from tests.support import slack_requests
from tests.support.app_server import AppServer
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER
from tests.support.fakeslack.server import RESPONSE_URL
from tests.support.privacy_record import (
    ADA_TYPED,
    EVE_PRIVATE,
    GRACE_PRIVATE,
    seed_record,
)
from tests.support.slack_status import change_status
from tests.support.slack_ui import eventually
from tests.support.world import TEAM, TODAY


def export_by_command(app_server: AppServer, user: str = EMPLOYEE) -> dict[str, Any]:
    """Type `/career-prep export`; the ack body."""
    fake = app_server.fake
    body = slack_requests.slash_command(
        "export", user_id=user, team_id=TEAM, trigger_id=fake.issue_trigger_id()
    )
    status, _, raw = app_server.post(body)
    assert status == 200, raw
    return json.loads(raw)


def exported_files(app_server: AppServer, count: int = 1) -> dict[str, dict[str, Any]]:
    """The uploads of the `count`-th export, by file extension."""
    fake = app_server.fake
    fake.wait_for("files.completeUploadExternal", count=count)
    uploads = sorted(fake.uploads.values(), key=lambda u: int(u["id"].lstrip("F") or 0))
    eventually(lambda: all(u.get("channel") for u in uploads[-2:]))
    return {u["name"].rsplit(".", 1)[1]: u for u in uploads[(count - 1) * 2 : count * 2]}


def test_export_sends_markdown_and_json_with_everything_ada_created(
    app_server: AppServer, engine: Engine
) -> None:
    seed_record(engine)
    ack = export_by_command(app_server)
    assert ack["response_type"] == "ephemeral" and "Preparing your export" in ack["text"]

    files = exported_files(app_server)
    assert set(files) == {"md", "json"}
    for upload in files.values():
        assert upload["channel"] == app_server.fake.dm_channel(EMPLOYEE)
        assert (
            "whole career record: 2 preps, 1 goal, 1 skill and 2 conversations"
            in (upload["initial_comment"])
        )
    markdown = files["md"]["content"].decode()
    raw_json = files["json"]["content"].decode()
    record = json.loads(raw_json)
    for typed in ADA_TYPED.values():
        assert typed in markdown, typed  # files are files: nothing escaped
        assert typed in raw_json or json.dumps(typed)[1:-1] in raw_json, typed
    assert "&lt;" not in markdown and "&lt;" not in raw_json

    person = record["person"]
    assert person["slack_user_id"] == EMPLOYEE and person["email"] == "ada@example.com"
    assert (person["manager"], person["mentoring"], person["team"]) == (
        MANAGER,
        [STRANGER],
        "Analytical Engines",
    )
    assert person["time_zone"] == "Europe/London"
    assert sorted(p["status"] for p in record["preps"]) == ["draft", "sent"]
    (skill,) = record["skills"]
    assert [(r["rating"], r["rated_by"]) for r in skill["ratings"]] == [(5, "self"), (6, MANAGER)]
    assert record["ratings_given"] == [
        {"person": STRANGER, "skill": "Eve's cryptanalysis", "rating": 7, "rated_on": _held()}
    ]
    assert record["goals"][0]["skill"] == ADA_TYPED["skill"]
    by_role = {c["role"]: c for c in record["conversations"]}
    assert by_role["employee"]["my_private_note"] == ADA_TYPED["note"]
    assert by_role["partner"]["my_private_note"] == ADA_TYPED["note_as_partner"]
    assert by_role["partner"]["employee"] == STRANGER
    items = {i["body"]: i for i in by_role["employee"]["action_items"]}
    assert items[ADA_TYPED["item"]]["owner"] == EMPLOYEE
    assert items[ADA_TYPED["item"]]["done_at"] is not None
    assert items["Grace asks finance"]["owner"] == MANAGER
    assert "- [x] " + ADA_TYPED["item"] in markdown
    (handover,) = record["handovers"]
    assert (handover["new_manager"], handover["share_goals"], handover["share_items"]) == (
        MANAGER,
        True,
        False,
    )
    assert f"- {MANAGER} (asked {TODAY.isoformat()}): goals" in markdown


def _held() -> str:
    return (TODAY - timedelta(days=10)).isoformat()


def test_export_never_contains_anyone_elses_private_notes(
    app_server: AppServer, engine: Engine
) -> None:
    seed_record(engine)
    export_by_command(app_server)
    files = exported_files(app_server)
    for upload in files.values():
        content = upload["content"].decode()
        assert GRACE_PRIVATE not in content and EVE_PRIVATE not in content

    # Eve's export has her own note on the mentoring conversation, never Ada's.
    export_by_command(app_server, user=STRANGER)
    files = exported_files(app_server, count=2)
    for upload in files.values():
        assert upload["channel"] == app_server.fake.dm_channel(STRANGER)
        content = upload["content"].decode()
        assert EVE_PRIVATE in content
        assert ADA_TYPED["note_as_partner"] not in content and ADA_TYPED["note"] not in content
        assert ADA_TYPED["draft"] not in content and ADA_TYPED["skill"] not in content


def test_a_failed_upload_is_told_to_the_person_and_nothing_half_sent(
    app_server: AppServer, engine: Engine
) -> None:
    seed_record(engine)
    app_server.fake.inject("files.completeUploadExternal", "error", times=1, error="not_allowed")
    export_by_command(app_server)
    (answer,) = app_server.fake.wait_for(RESPONSE_URL)
    assert answer.args["response_type"] == "ephemeral"
    assert "Slack didn't take the export files" in answer.args["text"]
    assert all(u.get("channel") is None for u in app_server.fake.uploads.values())


def test_someone_new_gets_an_export_that_says_there_is_nothing_yet(
    app_server: AppServer,
) -> None:
    export_by_command(app_server, user=STRANGER)
    files = exported_files(app_server)
    markdown = files["md"]["content"].decode()
    assert "No goals yet." in markdown and "No conversations yet." in markdown
    record = json.loads(files["json"]["content"])
    assert record["conversations"] == [] and record["person"]["slack_user_id"] == STRANGER


def test_export_holds_what_the_bot_kept_of_her_slack_status_and_nothing_more(
    app_server: AppServer, engine: Engine
) -> None:
    seed_record(engine)
    now = datetime.now(UTC).replace(microsecond=0)
    until = now + timedelta(days=4)
    change_status(
        app_server,
        EMPLOYEE,
        at=now,
        emoji=":palm_tree:",
        text="Island-hopping-Azores",
        expiration=int(until.timestamp()),
    )
    eventually(lambda: _away(engine))
    export_by_command(app_server)
    files = exported_files(app_server)
    person = json.loads(files["json"]["content"].decode())["person"]
    assert (person["away"], person["away_until"]) == (True, until.isoformat())
    assert person["away_seen_at"] == now.isoformat()
    markdown = files["md"]["content"].decode()
    assert "- **Away, by your Slack status:** yes" in markdown
    assert f"- **Away until:** {until.isoformat()}" in markdown
    for raw in (markdown, files["json"]["content"].decode()):
        assert "Island-hopping" not in raw and "palm_tree" not in raw  # never stored


def _away(engine: Engine) -> bool:
    with Session(engine) as session:
        ada = session.exec(select(Person).where(Person.slack_user_id == EMPLOYEE)).one()
        return ada.away
