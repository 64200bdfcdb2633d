"""A record to export or erase: Ada's data and the private notes around it. The steps that ask
for erasure are in erasure_steps.py, and importable from here too."""

from __future__ import annotations

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
from tests.support.erasure_steps import ADA_EMAIL as ADA_EMAIL
from tests.support.erasure_steps import ask_to_delete as ask_to_delete
from tests.support.erasure_steps import delete_button as delete_button
from tests.support.erasure_steps import rows_naming as rows_naming
from tests.support.factories import report_to_manager
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER
from tests.support.world import NOW, TODAY

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
