"""Erasing a person's record: `/career-prep delete`, only ever by the person themself.

Their own things go (prep, goals, skills and every rating of them, ratings they gave, notes
they wrote, items they own, conversations where they were the employee, mentorships, handovers,
messages owed to them or only about them). Other people's conversations where they were the
partner stay with their owners, so the person row then becomes a tombstone that names nobody.
Other messages lose their name, email and words (see `erase_outbox`); numbers in past digests
stay numbers. Their skill chart's cached rows go, and the caller deletes its files in Slack.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, MetaData, Table, inspect
from sqlmodel import Session, SQLModel, col, delete, func, or_, select, update

from bot.models import (
    ActionItem,
    Conversation,
    Goal,
    Handover,
    Mentorship,
    Person,
    Prep,
    PrivateNote,
    Skill,
    SkillRating,
    Team,
    Workspace,
)
from bot.services import NotAllowed
from bot.services.charts.cache import SKILLS_CHART, forget
from bot.services.privacy.erase_outbox import scrub_outbox, traces_of
from bot.services.privacy.forget import forget_conversations
from bot.shapes.privacy import Preview, tombstone

# slack_sdk's OAuth installation store names the installing user; only user-token columns go.
INSTALLATIONS = "slack_installations"
INSTALLER_TOKENS = ("user_token", "user_scopes", "user_refresh_token", "user_token_expires_at")


def preview(*, session: Session, person: Person) -> Preview:
    def count(model: type[SQLModel], where: ColumnElement[bool]) -> int:
        return int(session.exec(select(func.count()).select_from(model).where(where)).one())

    return Preview(
        preps=count(Prep, col(Prep.person_id) == person.id),
        goals=count(Goal, col(Goal.person_id) == person.id),
        skills=count(Skill, col(Skill.person_id) == person.id),
        conversations=count(Conversation, col(Conversation.employee_id) == person.id),
        reports=count(Person, col(Person.manager_id) == person.id),
        teams_led=count(Team, col(Team.lead_id) == person.id),
    )


@dataclass(frozen=True)
class Erased:
    conversations: int
    person_kept_as_tombstone: bool
    chart_files: list[str]  # Slack files of their skill chart, for the caller to delete there


def erase(*, session: Session, actor_id: int, person_id: int, now: datetime) -> Erased:
    """Erase `person_id`'s record; NotAllowed unless the actor is that very person."""
    person = session.get(Person, person_id)
    if person is None or actor_id != person_id:
        raise NotAllowed
    user, workspace_id = person.slack_user_id, person.workspace_id
    traces = traces_of(session=session, person=person)  # before their words are deleted
    own = session.exec(select(Conversation.id).where(Conversation.employee_id == person_id)).all()
    conversations = forget_conversations(
        session=session, conversation_ids=[i for i in own if i is not None]
    )
    _erase_own_things(session, person_id)
    charts = forget(session, workspace_id=workspace_id, kind=SKILLS_CHART, subject=str(person_id))
    _unlink(session, person_id)
    scrub_outbox(session=session, traces=traces, stand_in=tombstone(person_id))
    _scrub_installations(session, workspace_id, user, tombstone(person_id))
    kept = _still_referenced(session, person_id)
    if kept:
        _anonymise(session, person, now)
    else:
        session.execute(delete(Person).where(col(Person.id) == person_id))
    return Erased(conversations=conversations, person_kept_as_tombstone=kept, chart_files=charts)


def _erase_own_things(session: Session, person_id: int) -> None:
    skills = select(Skill.id).where(Skill.person_id == person_id)
    for statement in (
        delete(Prep).where(col(Prep.person_id) == person_id),
        delete(Goal).where(col(Goal.person_id) == person_id),
        delete(SkillRating).where(
            or_(col(SkillRating.skill_id).in_(skills), col(SkillRating.rated_by_id) == person_id)
        ),
        update(Goal).where(col(Goal.skill_id).in_(skills)).values(skill_id=None),
        delete(Skill).where(col(Skill.person_id) == person_id),
        delete(PrivateNote).where(col(PrivateNote.author_id) == person_id),
        delete(ActionItem).where(col(ActionItem.owner_id) == person_id),
        delete(Mentorship).where(
            or_(col(Mentorship.person_id) == person_id, col(Mentorship.mentor_id) == person_id)
        ),
        delete(Handover).where(
            or_(col(Handover.person_id) == person_id, col(Handover.new_manager_id) == person_id)
        ),
    ):
        session.execute(statement)


def _unlink(session: Session, person_id: int) -> None:
    """Other people's rows stop pointing at them: no manager, no lead, no prep partner."""
    for statement in (
        update(Person)
        .where(col(Person.manager_id) == person_id)
        .values(manager_id=None, manager_source=None),
        update(Team).where(col(Team.lead_id) == person_id).values(lead_id=None),
        update(Prep).where(col(Prep.partner_id) == person_id).values(partner_id=None),
        update(Handover)
        .where(col(Handover.old_manager_id) == person_id)
        .values(old_manager_id=None),
    ):
        session.execute(statement)


def _scrub_installations(session: Session, workspace_id: int, user: str, stand_in: str) -> None:
    """When the OAuth install store is in use, the installer's id and user token go.

    The bot token in the same row stays: the workspace's install is not theirs to remove.
    """
    connection = session.connection()
    if not inspect(connection).has_table(INSTALLATIONS):
        return
    workspace = session.get(Workspace, workspace_id)
    assert workspace is not None
    table = Table(INSTALLATIONS, MetaData(), autoload_with=connection)
    cleared = {name: None for name in INSTALLER_TOKENS if name in table.c}
    session.execute(
        table.update()
        .where(table.c.team_id == workspace.slack_team_id, table.c.user_id == user)
        .values(user_id=stand_in, **cleared)
    )


def _still_referenced(session: Session, person_id: int) -> bool:
    """Does any row left (someone else's conversation, a future table) point at them?"""
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table.name == "person" for fk in column.foreign_keys):
                found = session.execute(
                    select(func.count()).select_from(table).where(column == person_id)
                ).scalar_one()
                if found:
                    return True
    return False


def _anonymise(session: Session, person: Person, now: datetime) -> None:
    assert person.id is not None
    person.slack_user_id = tombstone(person.id)
    for name in ("email", "tz", "tz_override", "tz_fetched_at", "manager_id", "manager_source"):
        setattr(person, name, None)
    for name in ("cadence_days", "paused_until", "snoozed_until", "planned_on", "team_id"):
        setattr(person, name, None)
    person.away, person.away_until, person.away_seen_at = False, None, None
    person.is_admin = False
    person.left_at = now
    session.add(person)
    session.flush()
