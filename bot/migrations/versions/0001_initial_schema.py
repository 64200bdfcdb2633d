"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22 03:57:31.913783
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.migrations.initial_conversation_tables import create_conversation_and_growth_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    op.create_table(
        "processedevent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slack_team_id", sa.String(length=32), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slack_team_id", "event_id", name="uq_event_once"),
    )
    op.create_table(
        "workspace",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slack_team_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=True),
        sa.Column("bot_user_id", sa.String(length=32), nullable=True),
        sa.Column("default_cadence_days", sa.Integer(), nullable=False),
        sa.Column("quiet_hours_start", sa.Integer(), nullable=False),
        sa.Column("quiet_hours_end", sa.Integer(), nullable=False),
        sa.Column("digest_weekday", sa.Integer(), nullable=False),
        sa.Column("digest_hour", sa.Integer(), nullable=False),
        sa.Column("min_group_size", sa.Integer(), nullable=False),
        sa.Column("weekly_nudge_cap", sa.Integer(), nullable=False),
        sa.Column("installed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("uninstalled_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("default_cadence_days > 0", name="ck_workspace_cadence_positive"),
        sa.CheckConstraint("digest_weekday BETWEEN 0 AND 6", name="ck_workspace_digest_weekday"),
        sa.CheckConstraint("min_group_size >= 1", name="ck_workspace_min_group"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slack_team_id"),
    )
    op.create_table(
        "delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("period_key", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("slack_channel", sa.String(length=32), nullable=True),
        sa.Column("slack_ts", sa.String(length=32), nullable=True),
        sa.Column("last_error", sa.String(length=255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "state IN ('pending', 'leased', 'sent', 'dead', 'unknown')", name="ck_delivery_state"
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "workspace_id", "recipient", "kind", "period_key", name="uq_delivery_once"
        ),
    )
    op.create_index("ix_delivery_due", "delivery", ["state", "not_before"], unique=False)
    op.create_table(
        "team",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=True),
        sa.Column("digest_channel", sa.String(length=32), nullable=True),
        *(
            [sa.ForeignKeyConstraint(["lead_id"], ["person.id"], name="fk_team_lead")]
            if _sqlite()
            else []
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workspace_id", "name", name="uq_team_workspace_name"),
    )
    op.create_index(op.f("ix_team_workspace_id"), "team", ["workspace_id"], unique=False)
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("slack_user_id", sa.String(length=32), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("tz", sa.String(length=64), nullable=True),
        sa.Column("tz_override", sa.String(length=64), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("manager_id", sa.Integer(), nullable=True),
        sa.Column("manager_source", sa.String(length=16), nullable=True),
        sa.Column("cadence_days", sa.Integer(), nullable=True),
        sa.Column("paused_until", sa.Date(), nullable=True),
        sa.Column("snoozed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("left_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "manager_source IN ('csv', 'settings', 'profile')", name="ck_person_manager_source"
        ),
        sa.CheckConstraint("cadence_days IS NULL OR cadence_days > 0", name="ck_person_cadence"),
        sa.CheckConstraint(
            "manager_id IS NULL OR manager_id <> id", name="ck_person_not_own_manager"
        ),
        sa.ForeignKeyConstraint(
            ["manager_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workspace_id", "email", name="uq_person_workspace_email"),
        sa.UniqueConstraint("workspace_id", "slack_user_id", name="uq_person_workspace_user"),
    )
    if not _sqlite():
        # team.lead_id and person.team_id point at each other; SQLite took it inline above.
        op.create_foreign_key("fk_team_lead", "team", "person", ["lead_id"], ["id"])
    op.create_index(op.f("ix_person_manager_id"), "person", ["manager_id"], unique=False)
    op.create_index(op.f("ix_person_team_id"), "person", ["team_id"], unique=False)
    create_conversation_and_growth_tables()


def downgrade() -> None:
    op.drop_table("skillrating")
    op.drop_table("privatenote")
    op.drop_index(op.f("ix_goal_person_id"), table_name="goal")
    op.drop_table("goal")
    op.drop_index(op.f("ix_actionitem_owner_id"), table_name="actionitem")
    op.drop_index(op.f("ix_actionitem_conversation_id"), table_name="actionitem")
    op.drop_table("actionitem")
    op.drop_table("skill")
    op.drop_index(
        "uq_prep_one_draft",
        table_name="prep",
        sqlite_where=sa.text("submitted_at IS NULL"),
        postgresql_where=sa.text("submitted_at IS NULL"),
    )
    op.drop_index(op.f("ix_prep_person_id"), table_name="prep")
    op.drop_table("prep")
    op.drop_index(op.f("ix_conversation_partner_id"), table_name="conversation")
    op.drop_index("ix_conversation_employee_held", table_name="conversation")
    op.drop_table("conversation")
    if not _sqlite():
        op.drop_constraint("fk_team_lead", "team", type_="foreignkey")
    op.drop_index(op.f("ix_person_team_id"), table_name="person")
    op.drop_index(op.f("ix_person_manager_id"), table_name="person")
    op.drop_table("person")
    op.drop_index(op.f("ix_team_workspace_id"), table_name="team")
    op.drop_table("team")
    op.drop_index("ix_delivery_due", table_name="delivery")
    op.drop_table("delivery")
    op.drop_table("workspace")
    op.drop_table("processedevent")
