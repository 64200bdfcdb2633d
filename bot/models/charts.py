"""Charts uploaded to Slack, one row per picture of one version of its data."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.models.constraints import one_of

CHART_KINDS = ("skills", "coverage")


class ChartFile(SQLModel, table=True):
    """A chart's Slack file for one version of its data (`data_hash`).

    The row is claimed (file_id None) before the upload, so requests racing to draw the same
    version upload it once: the unique key decides who draws. `subject` is a person id for
    "skills" (personal data: erased with the person) and a team id for "coverage".
    """

    __tablename__ = "chart_file"

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id")
    kind: str = Field(max_length=16)
    subject: str = Field(max_length=64)
    data_hash: str = Field(max_length=64)
    file_id: str | None = Field(default=None, max_length=32)
    claimed_at: datetime

    __table_args__ = (
        UniqueConstraint(
            "workspace_id", "kind", "subject", "data_hash", name="uq_chart_file_version"
        ),
        one_of("kind", CHART_KINDS, "ck_chart_file_kind"),
    )
