"""Prep drafts, held conversations, their private notes and next steps."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Index,
    Integer,
    Text,
    UniqueConstraint,
    text,
)
from sqlmodel import Field, SQLModel

from bot.models.constraints import (
    CONVERSATION_KINDS,
    FOLLOW_UPS,
    PAIR_CHECK,
    one_of,
)


class Prep(SQLModel, table=True):
    """An employee's reflection before a conversation; private until they share it."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    partner_id: int | None = Field(default=None, foreign_key="person.id")
    answers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    shared: bool = False
    submitted_at: datetime | None = None
    created_at: datetime
    updated_at: datetime

    __table_args__ = (
        # At most one unsubmitted draft per person, so a closed modal resumes the same draft.
        Index(
            "uq_prep_one_draft",
            "person_id",
            unique=True,
            sqlite_where=text("submitted_at IS NULL"),
            postgresql_where=text("submitted_at IS NULL"),
        ),
        CheckConstraint("partner_id IS NULL OR partner_id <> person_id", name="ck_prep_partner"),
    )


def _pair_end(pick: Any) -> Any:
    """A column default: `pick` (min or max) of the two people's ids, from the INSERT itself."""

    def default(context: Any) -> int:
        row = context.get_current_parameters()
        return int(pick(row["employee_id"], row["partner_id"]))

    return default


class Conversation(SQLModel, table=True):
    """A held career conversation between an employee and a partner.

    `pair_low` and `pair_high` are the two people's ids in ascending order, filled on every
    insert from employee and partner: who is the employee depends on who logged it and how,
    so the one-per-pair-and-day key must not (two people logging with the roles swapped made
    two rows). A check ties them to the two ids, whoever inserts.
    """

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id")
    employee_id: int = Field(foreign_key="person.id")
    partner_id: int = Field(foreign_key="person.id", index=True)
    pair_low: int | None = Field(
        default=None, sa_column=Column(Integer, nullable=False, default=_pair_end(min))
    )
    pair_high: int | None = Field(
        default=None, sa_column=Column(Integer, nullable=False, default=_pair_end(max))
    )
    held_on: date
    kind: str = Field(default="manager", max_length=16)
    shared_notes: str = Field(default="", sa_column=Column(Text, nullable=False))
    follow_up: str = Field(default="none", max_length=16)
    next_on: date | None = None
    logged_by_id: int = Field(foreign_key="person.id")
    created_at: datetime
    updated_at: datetime

    __table_args__ = (
        # One conversation per pair and day, whichever of the two is the employee.
        UniqueConstraint("pair_low", "pair_high", "held_on", name="uq_conversation_pair_day"),
        CheckConstraint(PAIR_CHECK, name="ck_conversation_pair"),
        Index("ix_conversation_employee_held", "employee_id", "held_on"),
        # A next date still ahead (lapses), the latest next date (digests): bot/services/nudges.
        Index("ix_conversation_employee_next", "employee_id", "next_on"),
        CheckConstraint("employee_id <> partner_id", name="ck_conversation_two_people"),
        CheckConstraint("next_on IS NULL OR next_on > held_on", name="ck_conversation_next"),
        one_of("kind", CONVERSATION_KINDS, "ck_conversation_kind"),
        one_of("follow_up", FOLLOW_UPS, "ck_conversation_follow_up"),
    )


class PrivateNote(SQLModel, table=True):
    """Notes on a conversation that only their author ever sees."""

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversation.id")
    author_id: int = Field(foreign_key="person.id")
    body: str = Field(sa_column=Column(Text, nullable=False))

    __table_args__ = (
        UniqueConstraint("conversation_id", "author_id", name="uq_private_note_author"),
    )


class ActionItem(SQLModel, table=True):
    """A next step agreed in a conversation, owned by one of its two people."""

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversation.id", index=True)
    owner_id: int = Field(foreign_key="person.id", index=True)
    body: str = Field(sa_column=Column(Text, nullable=False))
    due_on: date | None = None
    done_at: datetime | None = None
    created_at: datetime
