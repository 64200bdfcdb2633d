"""`/career-prep export` through signed HTTP: the whole record, as Markdown and JSON files."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.engine import Engine

from bot.db import session_scope
from bot.models import (
    ActionItem,
    Conversation,
    Delivery,
    Goal,
    Handover,
    Mentorship,
    Person,
    Prep,
    PrivateNote,
    Skill,
    SkillRating,
    Team,
)
from tests.support import slack_requests
from tests.support.app_server import AppServer
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER
from tests.support.fakeslack.server import RESPONSE_URL
from tests.test_goals import NOW, TEAM, TODAY, eventually
from tests.test_log import report_to_manager

# What Ada typed, each somewhere else in her record. All of it must be in her export, and
# none of it may survive her delete.
ADA_TYPED = {
    "draft": "ADA-DRAFT-answer-1c",
    "prep": "ADA-SENT-prep-2d",
    "goal": "ADA-GOAL-title-3e <!channel>",
    "goal_text": "ADA-GOAL-experiment-4f",
    "skill": "ADA-SKILL-name-5a",
    "ten": "ADA-TEN-looks-6b",
    "option": "ADA-OPTION-7c",
    "shared": "ADA-SHARED-notes-8d",
    "note": "ADA-PRIVATE-own-9e",
    "note_as_partner": "ADA-PRIVATE-as-mentor-0f",
    "item": "ADA-ITEM-owned-1a",
    "item_as_partner": "ADA-ITEM-as-mentor-2b",
}
# Other people's private notes: never in Ada's export.
GRACE_PRIVATE = "GRACE-PRIVATE-canary-3c"
EVE_PRIVATE = "EVE-PRIVATE-canary-4d"
REPORT = "U0REPORT001"


@dataclass(frozen=True)
class Seeded:
    ada: int
    grace: int
    eve: int
    report: int
    own_conversation: int
    mentoring_conversation: int


def seed_record(engine: Engine) -> Seeded:
    """Ada reports to Grace, mentors Eve, manages one report and leads a team; all of it typed."""
    ids = report_to_manager(engine)
    ada, grace, eve = ids[EMPLOYEE], ids[MANAGER], ids[STRANGER]
    held = TODAY - timedelta(days=10)
    with session_scope(engine) as session:
        workspace_id = (session.get(Person, ada) or Person()).workspace_id
        report = Person(
            workspace_id=workspace_id, slack_user_id=REPORT, manager_id=ada, joined_at=NOW
        )
        team = Team(workspace_id=workspace_id, name="Analytical Engines", lead_id=ada)
        session.add_all([report, team])
        session.flush()
        ada_row = session.get(Person, ada)
        assert ada_row is not None
        ada_row.email, ada_row.tz_override, ada_row.team_id = (
            "ada@example.com",
            "Europe/London",
            team.id,
        )
        session.add(ada_row)
        session.add(Mentorship(person_id=eve, mentor_id=ada, created_at=NOW))
        session.add(
            Handover(
                person_id=ada, new_manager_id=grace, share_goals=True, asked_at=NOW, answered_at=NOW
            )
        )
        session.add_all(
            [
                Prep(
                    person_id=ada,
                    partner_id=grace,
                    answers={"feeling": ADA_TYPED["prep"], "direction": "expert"},
                    shared=True,
                    submitted_at=NOW - timedelta(days=12),
                    created_at=NOW - timedelta(days=13),
                    updated_at=NOW - timedelta(days=12),
                ),
                Prep(
                    person_id=ada,
                    answers={"improve": ADA_TYPED["draft"]},
                    created_at=NOW,
                    updated_at=NOW,
                ),
                # Eve prepared for a talk with Ada: Eve's, not Ada's.
                Prep(person_id=eve, partner_id=ada, answers={}, created_at=NOW, updated_at=NOW),
            ]
        )
        skill = Skill(
            person_id=ada,
            name=ADA_TYPED["skill"],
            ten_looks_like=ADA_TYPED["ten"],
            options=[ADA_TYPED["option"], "two", "three"],
            approach="pairing",
            target_6m=6,
        )
        eve_skill = Skill(person_id=eve, name="Eve's cryptanalysis", options=["a", "b", "c"])
        session.add_all([skill, eve_skill])
        session.flush()
        session.add(
            Goal(
                person_id=ada,
                title=ADA_TYPED["goal"],
                experiment=ADA_TYPED["goal_text"],
                horizon="medium",
                target_on=TODAY + timedelta(days=300),
                skill_id=skill.id,
                created_at=NOW,
                updated_at=NOW,
            )
        )
        own = Conversation(
            workspace_id=workspace_id,
            employee_id=ada,
            partner_id=grace,
            held_on=held,
            shared_notes=ADA_TYPED["shared"],
            follow_up="monthly",
            next_on=held + timedelta(days=90),
            logged_by_id=ada,
            created_at=NOW,
            updated_at=NOW,
        )
        mentoring = Conversation(
            workspace_id=workspace_id,
            employee_id=eve,
            partner_id=ada,
            held_on=held,
            kind="mentor",
            shared_notes="Eve's plan for the cipher team",
            logged_by_id=eve,
            created_at=NOW,
            updated_at=NOW,
        )
        session.add_all([own, mentoring])
        session.flush()
        assert own.id is not None and mentoring.id is not None
        session.add_all(
            [
                SkillRating(skill_id=skill.id or 0, rated_by_id=ada, rating=5, rated_on=held),
                SkillRating(
                    skill_id=skill.id or 0,
                    rated_by_id=grace,
                    rating=6,
                    rated_on=held,
                    conversation_id=own.id,
                ),
                SkillRating(skill_id=eve_skill.id or 0, rated_by_id=ada, rating=7, rated_on=held),
                PrivateNote(conversation_id=own.id, author_id=ada, body=ADA_TYPED["note"]),
                PrivateNote(conversation_id=own.id, author_id=grace, body=GRACE_PRIVATE),
                PrivateNote(
                    conversation_id=mentoring.id, author_id=ada, body=ADA_TYPED["note_as_partner"]
                ),
                PrivateNote(conversation_id=mentoring.id, author_id=eve, body=EVE_PRIVATE),
                ActionItem(
                    conversation_id=own.id,
                    owner_id=ada,
                    body=ADA_TYPED["item"],
                    due_on=held + timedelta(days=14),
                    done_at=NOW,
                    created_at=NOW,
                ),
                ActionItem(
                    conversation_id=own.id,
                    owner_id=grace,
                    body="Grace asks finance",
                    created_at=NOW,
                ),
                ActionItem(
                    conversation_id=mentoring.id,
                    owner_id=ada,
                    body=ADA_TYPED["item_as_partner"],
                    created_at=NOW,
                ),
                ActionItem(
                    conversation_id=mentoring.id, owner_id=eve, body="Eve reads", created_at=NOW
                ),
            ]
        )
        _outbox(session, workspace_id, own.id)
    return Seeded(ada, grace, eve, report.id or 0, own.id, mentoring.id)


def _outbox(session: Any, workspace_id: int, conversation_id: int) -> None:
    """Messages owed or sent to Ada, and about her to others (a lapse, a digest)."""

    def row(recipient: str, kind: str, key: str, state: str, text: str) -> Delivery:
        return Delivery(
            workspace_id=workspace_id,
            recipient=recipient,
            kind=kind,
            period_key=key,
            payload={"text": text, "blocks": [{"type": "section", "text": text}]},
            state=state,
            not_before=NOW,
            created_at=NOW,
        )

    session.add_all(
        [
            row(EMPLOYEE, "followup", "2026-11", "pending", "Hi <@U0EMPLOYEE1>!"),
            row(EMPLOYEE, "recap", str(conversation_id), "sent", "recap"),
            row(MANAGER, "lapse", "1:2026-W40", "sent", "It's been 91 days since <@U0EMPLOYEE1>"),
            row(MANAGER, "lapse", "1:2026-W48", "pending", "Still <@U0EMPLOYEE1>"),
            row(MANAGER, "handover-intro", f"{EMPLOYEE}:2026-11", "sent", "Meet your report"),
            row(
                "C0DIGEST01",
                "digest",
                "2026-W40",
                "sent",
                "Coverage 3 of 4. Lapsed: <@U0EMPLOYEE1> and <@U0STRANGER1>",
            ),
        ]
    )


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
