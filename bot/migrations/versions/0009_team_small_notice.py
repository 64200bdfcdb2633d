"""team small notice: the "too small for figures" notice is posted once, not every week

`team.small_notice_at` records when a team's channel was told it is below the minimum group
size; the digest planner claims it with a conditional UPDATE (only while it is NULL), so one
planner of many owes the notice, and clears it once the team gets figures again.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 20:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("team", schema=None) as batch_op:
        batch_op.add_column(sa.Column("small_notice_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("team", schema=None) as batch_op:
        batch_op.drop_column("small_notice_at")
