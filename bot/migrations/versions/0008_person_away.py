"""person away: what a Slack status says about being away, and a workspace's away words

Only the verdict is kept (away, and until when if Slack gave an expiry), never the status
text or emoji: the outbox needs no more to hold nudges, and a person's record holds no more.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 20:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("away", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("away_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("away_seen_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_check_constraint("ck_person_away_until", "away OR away_until IS NULL")
    with op.batch_alter_table("workspace", schema=None) as batch_op:
        batch_op.add_column(sa.Column("away_words", sa.String(length=1000), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workspace", schema=None) as batch_op:
        batch_op.drop_column("away_words")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_constraint("ck_person_away_until", type_="check")
        batch_op.drop_column("away_seen_at")
        batch_op.drop_column("away_until")
        batch_op.drop_column("away")
