"""Revision 0001's conversation and growth tables, created in this order after the people.

Part of that revision's history, not of the models: it never changes, like the revision
file that calls it (split from it only to keep each file short).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


def create_conversation_and_growth_tables() -> None:
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
