"""installation rotation and org-wide installs: the Enterprise Grid org of a workspace

A workspace of an org-wide install has no installation of its own: its token is the org's.
Background jobs (the outbox, planners, the CLI) know a workspace only by its team id, so the
workspace row remembers the org it belongs to, and they find (and refresh) the org's token.
Rotated tokens need no new column: slack_sdk's tables already hold the refresh token and the
access token's expiry (revision 0005).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 20:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workspace", schema=None) as batch_op:
        batch_op.add_column(sa.Column("slack_enterprise_id", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workspace", schema=None) as batch_op:
        batch_op.drop_column("slack_enterprise_id")
