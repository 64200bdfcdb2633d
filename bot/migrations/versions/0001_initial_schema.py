"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22 03:57:31.913783
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

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
    op.create_table(
        "conversation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("shared_notes", sa.Text(), nullable=False),
        sa.Column("follow_up", sa.String(length=16), nullable=False),
        sa.Column("next_on", sa.Date(), nullable=True),
        sa.Column("logged_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "follow_up IN ('one_on_ones', 'monthly', 'none')", name="ck_conversation_follow_up"
        ),
        sa.CheckConstraint(
            "kind IN ('manager', 'mentor', 'peer', 'informal')", name="ck_conversation_kind"
        ),
        sa.CheckConstraint("employee_id <> partner_id", name="ck_conversation_two_people"),
        sa.CheckConstraint("next_on IS NULL OR next_on > held_on", name="ck_conversation_next"),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["logged_by_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "employee_id", "partner_id", "held_on", name="uq_conversation_pair_day"
        ),
    )
    op.create_index(
        "ix_conversation_employee_held", "conversation", ["employee_id", "held_on"], unique=False
    )
    op.create_index(
        op.f("ix_conversation_partner_id"), "conversation", ["partner_id"], unique=False
    )
    op.create_table(
        "prep",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("partner_id IS NULL OR partner_id <> person_id", name="ck_prep_partner"),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_prep_person_id"), "prep", ["person_id"], unique=False)
    op.create_index(
        "uq_prep_one_draft",
        "prep",
        ["person_id"],
        unique=True,
        sqlite_where=sa.text("submitted_at IS NULL"),
        postgresql_where=sa.text("submitted_at IS NULL"),
    )
    op.create_table(
        "skill",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("ten_looks_like", sa.Text(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("approach", sa.Text(), nullable=False),
        sa.Column("target_6m", sa.Integer(), nullable=True),
        sa.Column("target_12m", sa.Integer(), nullable=True),
        sa.Column("target_18m", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_id", "name", name="uq_skill_person_name"),
    )
    op.create_table(
        "actionitem",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversation.id"],
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_actionitem_conversation_id"), "actionitem", ["conversation_id"], unique=False
    )
    op.create_index(op.f("ix_actionitem_owner_id"), "actionitem", ["owner_id"], unique=False)
    op.create_table(
        "goal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("relevant", sa.Text(), nullable=False),
        sa.Column("experiment", sa.Text(), nullable=False),
        sa.Column("aspiration", sa.Text(), nullable=False),
        sa.Column("learning", sa.Text(), nullable=False),
        sa.Column("horizon", sa.String(length=8), nullable=False),
        sa.Column("target_on", sa.Date(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("horizon IN ('short', 'medium', 'long')", name="ck_goal_horizon"),
        sa.CheckConstraint("status IN ('active', 'done', 'dropped')", name="ck_goal_status"),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skill.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_goal_person_id"), "goal", ["person_id"], unique=False)
    op.create_table(
        "privatenote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversation.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("conversation_id", "author_id", name="uq_private_note_author"),
    )
    op.create_table(
        "skillrating",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("rated_by_id", sa.Integer(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("rated_on", sa.Date(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("rating BETWEEN 1 AND 10", name="ck_rating_range"),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversation.id"],
        ),
        sa.ForeignKeyConstraint(
            ["rated_by_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skill.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("skill_id", "rated_by_id", "rated_on", name="uq_rating_per_day"),
    )


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
