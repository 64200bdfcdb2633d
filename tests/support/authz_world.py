"""The authorization matrix's world: a seeded org with a manager, a mentor, a newcomer and a
stranger, shared by the matrix and the Slack-faults tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine

from bot.db import session_scope
from bot.models import ActionItem, Conversation, Goal, Person, PrivateNote, Skill, SkillRating
from bot.models import Handover as HandoverRow
from bot.models import Prep as PrepRow
from bot.services.privacy.erase import erase
from tests.support.factories import add_person
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER

TEAM = "T0TEST0001"
NEW = "U0NEWBOSS1"
MENTOR = "U0MENTOR01"
NOW = datetime.now(UTC)
TODAY = NOW.date()
# Ada's distinctive strings: none may reach any of the actors of the matrix.
GOAL = "CANARY-goal-4e1d"
SKILL = "CANARY-skill-93ab"
NOTES = "CANARY-notes-manager-7c20"
MENTOR_NOTES = "CANARY-notes-mentor-1f88"
PRIVATE = "CANARY-private-5b9e"
ADA_ITEM = "CANARY-item-ada-d2c4"
GRACE_ITEM = "CANARY-item-grace-0a71"
PREP = "CANARY-prep-61fe"


@dataclass(frozen=True)
class Actor:
    kind: str
    team: str
    user: str


@dataclass
class World:
    """Ada's records (ids), seeded straight into the database."""

    ada: int = 0
    goal: int = 0
    skill: int = 0
    manager_talk: int = 0  # with Grace, before the change: Grace lost it
    mentor_talk: int = 0  # with Mo, who erased himself
    ada_item: int = 0
    grace_item: int = 0
    handover: int = 0
    prep: int = 0

    def conversation_for(self, actor: Actor) -> int:
        return self.mentor_talk if actor.kind == "erased_person" else self.manager_talk

    def item_for(self, actor: Actor) -> int:
        """Grace's own next step in the conversation she lost; Ada's for everyone else."""
        return self.grace_item if actor.kind == "former_manager" else self.ada_item


def seed(engine: Engine) -> World:
    world = World()
    before = NOW - timedelta(days=10)
    with session_scope(engine) as session:

        def person(user: str) -> Person:
            return add_person(session, user, slack_team=TEAM, now=before)

        ada, grace, linus, mo = person(EMPLOYEE), person(MANAGER), person(NEW), person(MENTOR)
        ada.manager_id, ada.manager_source = linus.id, "settings"
        session.add(ada)
        session.flush()
        assert ada.id and grace.id and linus.id and mo.id
        handover = HandoverRow(
            person_id=ada.id,
            old_manager_id=grace.id,
            new_manager_id=linus.id,
            asked_at=NOW - timedelta(days=1),
        )
        skill = Skill(person_id=ada.id, name=SKILL, ten_looks_like=SKILL, approach=SKILL)
        session.add_all([handover, skill])
        session.flush()
        assert skill.id
        goal = Goal(
            person_id=ada.id,
            title=GOAL,
            experiment=GOAL,
            horizon="medium",
            target_on=TODAY + timedelta(days=120),
            skill_id=skill.id,
            created_at=before,
            updated_at=before,
        )
        talks = [
            Conversation(
                workspace_id=ada.workspace_id,
                employee_id=ada.id,
                partner_id=partner,
                held_on=TODAY - timedelta(days=days),
                kind=kind,
                shared_notes=notes,
                follow_up="monthly",
                next_on=TODAY + timedelta(days=20),
                logged_by_id=partner,
                created_at=NOW - timedelta(days=days),
                updated_at=NOW - timedelta(days=days),
            )
            for partner, kind, notes, days in (
                (grace.id, "manager", NOTES, 5),
                (mo.id, "mentor", MENTOR_NOTES, 4),
            )
        ]
        prep = PrepRow(
            person_id=ada.id,
            partner_id=linus.id,
            answers={"feeling": PREP, "passions": PREP},
            created_at=before,
            updated_at=before,
        )
        session.add_all([goal, *talks, prep])
        session.flush()
        manager_talk, mentor_talk = talks
        assert manager_talk.id and mentor_talk.id
        items = [
            ActionItem(
                conversation_id=talk.id or 0,
                owner_id=owner,
                body=body,
                due_on=TODAY + timedelta(days=7),
                created_at=talk.created_at,
            )
            for talk, owner, body in (
                (manager_talk, ada.id, ADA_ITEM),
                (manager_talk, grace.id, GRACE_ITEM),
                (mentor_talk, ada.id, ADA_ITEM),
                (mentor_talk, mo.id, ADA_ITEM),
            )
        ]
        session.add_all(
            [
                *items,
                PrivateNote(conversation_id=manager_talk.id, author_id=ada.id, body=PRIVATE),
                SkillRating(skill_id=skill.id, rated_by_id=ada.id, rating=4, rated_on=TODAY),
                # Grace rated Ada's skill in the conversation she lost with the change.
                SkillRating(
                    skill_id=skill.id,
                    rated_by_id=grace.id,
                    rating=5,
                    rated_on=manager_talk.held_on,
                    conversation_id=manager_talk.id,
                ),
            ]
        )
        session.flush()
        world = World(
            ada=ada.id,
            goal=goal.id or 0,
            skill=skill.id,
            manager_talk=manager_talk.id,
            mentor_talk=mentor_talk.id,
            ada_item=items[0].id or 0,
            grace_item=items[1].id or 0,
            handover=handover.id or 0,
            prep=prep.id or 0,
        )
        mo_id = mo.id
    with session_scope(engine) as session:  # Mo deletes his record: the tombstone stays
        kept = erase(session=session, actor_id=mo_id, person_id=mo_id, now=NOW)
        assert kept.person_kept_as_tombstone
    return world
