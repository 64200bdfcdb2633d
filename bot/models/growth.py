"""Skills with their dated 1-10 ratings, and REAL goals."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Text,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from bot.models.constraints import (
    HORIZONS,
    one_of,
)


class Skill(SQLModel, table=True):
    """A skill someone is growing, with what a 10 looks like and how to gain a point."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id")
    name: str = Field(max_length=120)
    ten_looks_like: str = Field(default="", sa_column=Column(Text, nullable=False))
    options: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    approach: str = Field(default="", sa_column=Column(Text, nullable=False))
    target_6m: int | None = None
    target_12m: int | None = None
    target_18m: int | None = None

    __table_args__ = (UniqueConstraint("person_id", "name", name="uq_skill_person_name"),)


class SkillRating(SQLModel, table=True):
    """One rating of a skill on one day; kept forever so the trend shows."""

    id: int | None = Field(default=None, primary_key=True)
    skill_id: int = Field(foreign_key="skill.id")
    rated_by_id: int = Field(foreign_key="person.id")
    rating: int
    rated_on: date
    conversation_id: int | None = Field(default=None, foreign_key="conversation.id")

    __table_args__ = (
        UniqueConstraint("skill_id", "rated_by_id", "rated_on", name="uq_rating_per_day"),
        CheckConstraint("rating BETWEEN 1 AND 10", name="ck_rating_range"),
    )


class Goal(SQLModel, table=True):
    """A REAL goal: relevant, experimental, aspirational, learning-based, on a horizon."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    title: str = Field(max_length=200)
    relevant: str = Field(default="", sa_column=Column(Text, nullable=False))
    experiment: str = Field(default="", sa_column=Column(Text, nullable=False))
    aspiration: str = Field(default="", sa_column=Column(Text, nullable=False))
    learning: str = Field(default="", sa_column=Column(Text, nullable=False))
    horizon: str = Field(max_length=8)
    target_on: date
    skill_id: int | None = Field(default=None, foreign_key="skill.id")
    status: str = Field(default="active", max_length=8)
    created_at: datetime
    updated_at: datetime

    __table_args__ = (
        one_of("horizon", HORIZONS, "ck_goal_horizon"),
        one_of("status", ("active", "done", "dropped"), "ck_goal_status"),
    )
