"""delivery claims: a fence that only grows, apart from the tries a row has used

`attempts` counted claims and fenced every write under a claim, so a try that used no chance
(a 429, a killed dispatcher) could only be given back by lowering the fence, which let a
stalled worker's fence match again. `claims` now fences; `attempts` counts tries that used a
chance.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 12:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("claims", sa.Integer(), nullable=False, server_default=sa.text("0"))
        )
    # Rows mid-claim during the upgrade keep their fence: it starts where `attempts` stood.
    op.execute("UPDATE delivery SET claims = attempts")


def downgrade() -> None:
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.drop_column("claims")
