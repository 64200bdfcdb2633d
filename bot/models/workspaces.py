"""Workspaces (a Slack team's install and settings), teams, and events already seen."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel


class Workspace(SQLModel, table=True):
    """A Slack team that installed the bot, with its organisation-wide settings."""

    id: int | None = Field(default=None, primary_key=True)
    slack_team_id: str = Field(max_length=32, unique=True)
    # The Enterprise Grid org the workspace belongs to, once seen (an org-wide install's token
    # serves every workspace of its org); None outside Grid.
    slack_enterprise_id: str | None = Field(default=None, max_length=32)
    name: str | None = Field(default=None, max_length=255)
    bot_user_id: str | None = Field(default=None, max_length=32)
    default_cadence_days: int = 90
    quiet_hours_start: int = 18
    quiet_hours_end: int = 9
    digest_weekday: int = 0
    digest_hour: int = 9
    min_group_size: int = 3
    weekly_nudge_cap: int = 3
    # Conversations held longer ago than this are purged by the retention sweep; None keeps all.
    retention_months: int | None = None
    # Words in a Slack status that mean away, one per line; None: the defaults
    # (`services.org.away.DEFAULT_WORDS`), "": none (only the emoji and an expiry count).
    away_words: str | None = Field(default=None, max_length=1000)
    # Set from a 429's Retry-After: the outbox sends nothing to this workspace until then.
    sending_paused_until: datetime | None = None
    installed_at: datetime
    uninstalled_at: datetime | None = None

    __table_args__ = (
        CheckConstraint("default_cadence_days > 0", name="ck_workspace_cadence_positive"),
        CheckConstraint("min_group_size >= 1", name="ck_workspace_min_group"),
        CheckConstraint("digest_weekday BETWEEN 0 AND 6", name="ck_workspace_digest_weekday"),
        CheckConstraint(
            "retention_months IS NULL OR retention_months > 0", name="ck_workspace_retention"
        ),
    )


class Team(SQLModel, table=True):
    """An organisational team: a lead and the channel that gets its weekly digest."""

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    name: str = Field(max_length=120)
    # Team and person point at each other; the constraint is added after both tables exist.
    lead_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("person.id", use_alter=True, name="fk_team_lead")),
    )
    digest_channel: str | None = Field(default=None, max_length=32)
    # When the channel was told the team is too small for figures; cleared by the next digest
    # with figures, so a team that shrinks again is told once more, never every week.
    small_notice_at: datetime | None = None

    __table_args__ = (UniqueConstraint("workspace_id", "name", name="uq_team_workspace_name"),)


class ProcessedEvent(SQLModel, table=True):
    """Events API ids already handled; Slack retries deliveries, we act once."""

    id: int | None = Field(default=None, primary_key=True)
    slack_team_id: str = Field(max_length=32)
    event_id: str = Field(max_length=64)
    received_at: datetime = Field(index=True)  # purged once Slack no longer retries

    __table_args__ = (UniqueConstraint("slack_team_id", "event_id", name="uq_event_once"),)
