"""handover, retention, time-zone cache, planned conversation

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handover",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("old_manager_id", sa.Integer(), nullable=True),
        sa.Column("new_manager_id", sa.Integer(), nullable=True),
        sa.Column("share_goals", sa.Boolean(), nullable=False),
        sa.Column("share_recap", sa.Boolean(), nullable=False),
        sa.Column("share_items", sa.Boolean(), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("new_manager_id <> person_id", name="ck_handover_not_self"),
        sa.ForeignKeyConstraint(["new_manager_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["old_manager_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_id", "new_manager_id", name="uq_handover_person_manager"),
    )
    with op.batch_alter_table("handover", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_handover_person_id"), ["person_id"], unique=False)

    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tz_fetched_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("planned_on", sa.Date(), nullable=True))

    with op.batch_alter_table("workspace", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retention_months", sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            "ck_workspace_retention", "retention_months IS NULL OR retention_months > 0"
        )


def downgrade() -> None:
    with op.batch_alter_table("workspace", schema=None) as batch_op:
        batch_op.drop_constraint("ck_workspace_retention", type_="check")
        batch_op.drop_column("retention_months")

    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("planned_on")
        batch_op.drop_column("tz_fetched_at")

    with op.batch_alter_table("handover", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handover_person_id"))

    op.drop_table("handover")
