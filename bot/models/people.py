"""People, their mentors, and the handover a reporting-line change starts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    UniqueConstraint,
)
from sqlalchemy import false as sa_false
from sqlmodel import Field, SQLModel

from bot.models.constraints import (
    one_of,
)


class Person(SQLModel, table=True):
    """Someone in a workspace: an employee, a manager, a mentor, or all of these."""

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id")
    slack_user_id: str = Field(max_length=32)
    email: str | None = Field(default=None, max_length=320)
    tz: str | None = Field(default=None, max_length=64)
    tz_override: str | None = Field(default=None, max_length=64)
    # When `tz` was last read from Slack's users.info; the cache is refreshed after a while.
    tz_fetched_at: datetime | None = Field(default=None, index=True)
    # What the Slack status said about being away, judged when read (`services.org.away`):
    # away, and until when if the status expires. Never the status text or emoji itself.
    away: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})
    away_until: datetime | None = None
    # When Slack said so (an event's time): an older event arriving late changes nothing.
    away_seen_at: datetime | None = None
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    manager_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    manager_source: str | None = Field(default=None, max_length=16)
    cadence_days: int | None = None
    paused_until: date | None = None
    snoozed_until: datetime | None = None
    # The next career conversation a manager scheduled from a lapse reminder ("Schedule it").
    planned_on: date | None = None
    is_admin: bool = False
    joined_at: datetime
    left_at: datetime | None = None

    __table_args__ = (
        UniqueConstraint("workspace_id", "slack_user_id", name="uq_person_workspace_user"),
        UniqueConstraint("workspace_id", "email", name="uq_person_workspace_email"),
        CheckConstraint("manager_id IS NULL OR manager_id <> id", name="ck_person_not_own_manager"),
        CheckConstraint("cadence_days IS NULL OR cadence_days > 0", name="ck_person_cadence"),
        CheckConstraint("away OR away_until IS NULL", name="ck_person_away_until"),
        one_of("manager_source", ("csv", "settings", "profile"), "ck_person_manager_source"),
    )


class Mentorship(SQLModel, table=True):
    """A mentor someone chose; mentors are partners for conversations, not managers."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    mentor_id: int = Field(foreign_key="person.id")
    created_at: datetime

    __table_args__ = (
        UniqueConstraint("person_id", "mentor_id", name="uq_mentorship_pair"),
        CheckConstraint("person_id <> mentor_id", name="ck_mentorship_two_people"),
    )


class Handover(SQLModel, table=True):
    """After a reporting-line change: what the employee passes on to their new manager.

    Asked once per (person, new manager); nothing from before the change is visible to the new
    manager until `answered_at` is set, and then only what the share flags allow. A manager
    removed with nobody new leaves a row with no new manager, answered at once: it revokes the
    old manager, and the next manager's question is about them.
    """

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    old_manager_id: int | None = Field(default=None, foreign_key="person.id")
    new_manager_id: int | None = Field(default=None, foreign_key="person.id")
    share_goals: bool = False
    share_recap: bool = False
    share_items: bool = False
    asked_at: datetime
    answered_at: datetime | None = None

    __table_args__ = (
        UniqueConstraint("person_id", "new_manager_id", name="uq_handover_person_manager"),
        CheckConstraint("new_manager_id <> person_id", name="ck_handover_not_self"),
    )
