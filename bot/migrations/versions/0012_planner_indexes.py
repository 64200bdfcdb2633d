"""planner indexes: the filters the planners and the purge of processed events run on

- conversation (employee_id, next_on): "a next date still ahead" in lapse planning (NOT
  EXISTS, one index probe per report on SQLite), and the latest next date per member in a
  digest, read from the index alone;
- delivery (kind, not_before): the digests already owed from a moment on, and the lapse
  reminders still waiting or recent, without scanning every other kind of message;
- person (tz_fetched_at): whose zone is oldest, for the planners' zone refresh;
- processedevent (received_at): the purge of event ids older than Slack's retries.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 20:10:00
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_conversation_employee_next", "conversation", ["employee_id", "next_on"]),
    ("ix_delivery_kind_due", "delivery", ["kind", "not_before"]),
    ("ix_person_tz_fetched_at", "person", ["tz_fetched_at"]),
    ("ix_processedevent_received_at", "processedevent", ["received_at"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
