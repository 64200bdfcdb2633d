"""Each chart's Slack file, uploaded once per version of its data.

`ensure_file` claims the version's row before anything is drawn, in its own transaction, so
that of several requests asking at once exactly one draws and uploads (the unique key
decides); the others get the file once it is there, or nothing this time (they show the
text). A failed upload releases the claim, and a claim left by a process that died is taken
over after CLAIM_TTL. Once a new version is uploaded the older versions' rows go, and their
file ids are returned so the caller can delete those files in Slack.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.db import insert_ignoring_conflicts, read_scope, session_scope
from bot.models import ChartFile

CLAIM_TTL = timedelta(minutes=2)
SKILLS_CHART = "skills"  # subject: a person id; personal data, erased with the person
COVERAGE_CHART = "coverage"  # subject: a team id; aggregates only


@dataclass(frozen=True)
class ChartKey:
    """Which picture: a workspace's chart of one kind about one subject, at one version."""

    workspace_id: int
    kind: str
    subject: str
    data_hash: str

    def where(self) -> list[ColumnElement[bool]]:
        return [
            col(ChartFile.workspace_id) == self.workspace_id,
            col(ChartFile.kind) == self.kind,
            col(ChartFile.subject) == self.subject,
        ]


@dataclass(frozen=True)
class Ensured:
    file_id: str | None  # None: no picture this time (another request is drawing, or it failed)
    uploaded: bool  # this call drew and uploaded it
    replaced: list[str]  # older versions' file ids, no longer referenced


def cached_file(engine: Engine, key: ChartKey) -> str | None:
    """The version's file id when it has been uploaded already; never draws."""
    with read_scope(engine) as session:
        row = _row(session, key)
        return row.file_id if row is not None else None


def ensure_file(
    engine: Engine, key: ChartKey, *, now: datetime, upload: Callable[[], str | None]
) -> Ensured:
    """The version's file id, calling `upload` (draw and upload, or None) when nobody has."""
    with session_scope(engine) as session:
        found = _claim(session, key, now)
    if found is not None:
        return Ensured(found or None, False, [])
    file_id = upload()
    with session_scope(engine) as session:
        if file_id is None:
            session.execute(delete(ChartFile).where(*key.where(), _version(key)))
            return Ensured(None, False, [])
        session.execute(
            update(ChartFile).where(*key.where(), _version(key)).values(file_id=file_id)
        )
        older = session.exec(
            select(ChartFile).where(*key.where(), col(ChartFile.data_hash) != key.data_hash)
        ).all()
        replaced = [row.file_id for row in older if row.file_id]
        for row in older:
            session.delete(row)
    return Ensured(file_id, True, replaced)


def forget(session: Session, *, workspace_id: int, kind: str, subject: str) -> list[str]:
    """Delete every version's row of a subject's chart; their file ids, to delete in Slack."""
    rows = session.exec(
        select(ChartFile).where(
            ChartFile.workspace_id == workspace_id,
            ChartFile.kind == kind,
            ChartFile.subject == subject,
        )
    ).all()
    for row in rows:
        session.delete(row)
    session.flush()
    return [row.file_id for row in rows if row.file_id]


def _claim(session: Session, key: ChartKey, now: datetime) -> str | None:
    """None: this call claimed the version and must upload. A file id: it is there. "": busy."""
    row = {
        "workspace_id": key.workspace_id,
        "kind": key.kind,
        "subject": key.subject,
        "data_hash": key.data_hash,
        "claimed_at": now,
    }
    conflict_on = ["workspace_id", "kind", "subject", "data_hash"]
    if insert_ignoring_conflicts(session, ChartFile, [row], conflict_on=conflict_on):
        return None
    found = _row(session, key)
    assert found is not None
    if found.file_id:
        return found.file_id
    stale = session.execute(
        update(ChartFile)
        .where(
            col(ChartFile.id) == found.id,
            col(ChartFile.file_id).is_(None),
            col(ChartFile.claimed_at) < now - CLAIM_TTL,
        )
        .values(claimed_at=now)
    )
    return None if stale.rowcount == 1 else ""  # type: ignore[attr-defined]


def _row(session: Session, key: ChartKey) -> ChartFile | None:
    return session.exec(select(ChartFile).where(*key.where(), _version(key))).first()


def _version(key: ChartKey) -> ColumnElement[bool]:
    return col(ChartFile.data_hash) == key.data_hash
