"""Workspaces: the Slack teams the bot serves."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from bot.db import insert_ignoring_conflicts
from bot.models import Workspace


def ensure_workspace(
    *, session: Session, slack_team_id: str, now: datetime, name: str | None = None
) -> Workspace:
    """The workspace row for a Slack team, created on first sight."""
    insert_ignoring_conflicts(
        session,
        Workspace,
        [{"slack_team_id": slack_team_id, "name": name, "installed_at": now}],
        conflict_on=["slack_team_id"],
    )
    workspace = session.exec(
        select(Workspace).where(Workspace.slack_team_id == slack_team_id)
    ).one()
    if name and workspace.name != name:
        workspace.name = name
        session.add(workspace)
    return workspace
