"""One conversation per pair and day whatever the roles: pair_low, pair_high

The old key was the ordered (employee, partner, day), so two people logging the same day with
the roles swapped made two rows. Such rows are folded into the older one (the first logged)
before the new key goes on, and nobody's text is dropped: the later row's shared notes are
appended to the kept row's, each author's private notes are joined, and every next step and
skill rating moves over with its id (so buttons in sent messages still find it). The later
row's outbox rows go, as when a conversation is forgotten (`bot.services.privacy`): they are
keyed by its id, which SQLite may hand out again.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 13:00:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# As in bot.models, spelled out here so this revision never changes with the models.
PAIR_CHECK = (
    "pair_low < pair_high AND ((pair_low = employee_id AND pair_high = partner_id) "
    "OR (pair_low = partner_id AND pair_high = employee_id))"
)
SEPARATOR = "\n\n"
RECAP_KIND, FOLLOWUP_KIND = "recap", "followup"


def upgrade() -> None:
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pair_low", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("pair_high", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE conversation SET "
        "pair_low = CASE WHEN employee_id < partner_id THEN employee_id ELSE partner_id END, "
        "pair_high = CASE WHEN employee_id < partner_id THEN partner_id ELSE employee_id END"
    )
    _fold_swapped_duplicates(op.get_bind())
    if _sqlite():
        _rebuild_on_sqlite(pairs=True)
        return
    op.alter_column("conversation", "pair_low", existing_type=sa.Integer(), nullable=False)
    op.alter_column("conversation", "pair_high", existing_type=sa.Integer(), nullable=False)
    op.drop_constraint("uq_conversation_pair_day", "conversation", type_="unique")
    op.create_unique_constraint(
        "uq_conversation_pair_day", "conversation", ["pair_low", "pair_high", "held_on"]
    )
    op.create_check_constraint("ck_conversation_pair", "conversation", PAIR_CHECK)


def downgrade() -> None:
    if _sqlite():
        _rebuild_on_sqlite(pairs=False)
        return
    op.drop_constraint("ck_conversation_pair", "conversation", type_="check")
    op.drop_constraint("uq_conversation_pair_day", "conversation", type_="unique")
    op.create_unique_constraint(
        "uq_conversation_pair_day", "conversation", ["employee_id", "partner_id", "held_on"]
    )
    op.drop_column("conversation", "pair_high")
    op.drop_column("conversation", "pair_low")


def _sqlite() -> bool:
    return bool(op.get_bind().dialect.name == "sqlite")


def _rebuild_on_sqlite(*, pairs: bool) -> None:
    """SQLite changes constraints only by rebuilding the table; done so its ids stay valid.

    Batch mode's rebuild (copy, drop, rename) fails at commit once notes or next steps point
    at the table: dropping it orphans them, and a rename does not count as the parents coming
    back. Re-inserting the rows into a table of the same name does, with the checks deferred
    to the commit (the pragma cannot be switched off inside the migration's transaction).
    """
    columns = [
        "id",
        "workspace_id",
        "employee_id",
        "partner_id",
        *(["pair_low", "pair_high"] if pairs else []),
        "held_on",
        "kind",
        "shared_notes",
        "follow_up",
        "next_on",
        "logged_by_id",
        "created_at",
        "updated_at",
    ]
    listed = ", ".join(columns)
    op.execute("PRAGMA defer_foreign_keys = ON")
    op.execute(f"CREATE TABLE conversation_0006 AS SELECT {listed} FROM conversation")
    op.execute("DROP TABLE conversation")
    _create_conversation(pairs=pairs)
    op.execute(f"INSERT INTO conversation ({listed}) SELECT {listed} FROM conversation_0006")
    op.execute("DROP TABLE conversation_0006")


def _create_conversation(*, pairs: bool) -> None:
    """The table as 0001 made it, with the pair columns and key when `pairs`."""
    pair_columns = [
        sa.Column("pair_low", sa.Integer(), nullable=False),
        sa.Column("pair_high", sa.Integer(), nullable=False),
    ]
    key = ["pair_low", "pair_high"] if pairs else ["employee_id", "partner_id"]
    op.create_table(
        "conversation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        *(pair_columns if pairs else []),
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
        *([sa.CheckConstraint(PAIR_CHECK, name="ck_conversation_pair")] if pairs else []),
        sa.ForeignKeyConstraint(["employee_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["logged_by_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["partner_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(*key, "held_on", name="uq_conversation_pair_day"),
    )
    op.create_index(
        "ix_conversation_employee_held", "conversation", ["employee_id", "held_on"], unique=False
    )
    op.create_index(
        op.f("ix_conversation_partner_id"), "conversation", ["partner_id"], unique=False
    )


def _fold_swapped_duplicates(bind: Any) -> None:
    groups = bind.execute(
        sa.text(
            "SELECT pair_low, pair_high, held_on FROM conversation "
            "GROUP BY pair_low, pair_high, held_on HAVING COUNT(*) > 1"
        )
    ).all()
    for low, high, held_on in groups:
        ids = bind.execute(
            sa.text(
                "SELECT id FROM conversation "
                "WHERE pair_low = :low AND pair_high = :high AND held_on = :held_on ORDER BY id"
            ),
            {"low": low, "high": high, "held_on": held_on},
        ).scalars()
        keep, *later = list(ids)
        for other in later:
            _fold(bind, keep, other)


def _joined(first: str | None, second: str | None) -> str:
    first, second = (first or "").strip(), (second or "").strip()
    if not second or second in first:
        return first
    if not first or first in second:
        return second
    return first + SEPARATOR + second


def _fold(bind: Any, keep: int, other: int) -> None:
    """Move everything of conversation `other` onto `keep`, then delete `other`."""
    rows = {
        row.id: row
        for row in bind.execute(
            sa.text(
                "SELECT id, shared_notes, next_on, updated_at FROM conversation "
                "WHERE id IN (:a, :b)"
            ),
            {"a": keep, "b": other},
        )
    }
    kept, gone = rows[keep], rows[other]
    bind.execute(
        sa.text(
            "UPDATE conversation SET shared_notes = :notes, next_on = :next_on, "
            "updated_at = :updated_at WHERE id = :id"
        ),
        {
            "notes": _joined(kept.shared_notes, gone.shared_notes),
            "next_on": kept.next_on if kept.next_on is not None else gone.next_on,
            "updated_at": max(kept.updated_at, gone.updated_at),
            "id": keep,
        },
    )
    notes = bind.execute(
        sa.text("SELECT id, author_id, body FROM privatenote WHERE conversation_id = :id"),
        {"id": other},
    ).all()
    for note in notes:
        mine = bind.execute(
            sa.text(
                "SELECT id, body FROM privatenote WHERE conversation_id = :id AND author_id = :a"
            ),
            {"id": keep, "a": note.author_id},
        ).first()
        if mine is None:
            bind.execute(
                sa.text("UPDATE privatenote SET conversation_id = :keep WHERE id = :id"),
                {"keep": keep, "id": note.id},
            )
            continue
        bind.execute(
            sa.text("UPDATE privatenote SET body = :body WHERE id = :id"),
            {"body": _joined(mine.body, note.body), "id": mine.id},
        )
        bind.execute(sa.text("DELETE FROM privatenote WHERE id = :id"), {"id": note.id})
    for table in ("actionitem", "skillrating"):
        bind.execute(
            sa.text(f"UPDATE {table} SET conversation_id = :keep WHERE conversation_id = :other"),
            {"keep": keep, "other": other},
        )
    bind.execute(
        sa.text(
            "DELETE FROM delivery WHERE (kind = :recap AND period_key = :key) "
            "OR (kind = :followup AND period_key LIKE :prefix)"
        ),
        {"recap": RECAP_KIND, "followup": FOLLOWUP_KIND, "key": str(other), "prefix": f"{other}:%"},
    )
    bind.execute(sa.text("DELETE FROM conversation WHERE id = :id"), {"id": other})
