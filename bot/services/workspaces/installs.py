"""A workspace installing or uninstalling the app: what our own rows remember of it."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select, update

from bot.models import Delivery, Workspace
from bot.services.workspaces.registry import ensure_workspace

UNINSTALLED_REASON = "app uninstalled"


def record_install(
    *,
    session: Session,
    slack_team_id: str,
    now: datetime,
    name: str | None = None,
    bot_user_id: str | None = None,
    enterprise_id: str | None = None,
) -> Workspace:
    """The workspace row for a (re)install: active again, with the name and bot Slack gave."""
    workspace = ensure_workspace(session=session, slack_team_id=slack_team_id, now=now, name=name)
    if workspace.uninstalled_at is not None:
        workspace.uninstalled_at = None
        workspace.installed_at = now
    if bot_user_id:
        workspace.bot_user_id = bot_user_id
    if enterprise_id:
        workspace.slack_enterprise_id = enterprise_id
    session.add(workspace)
    return workspace


def record_org_install(*, session: Session, enterprise_id: str, now: datetime) -> int:
    """An org-wide install (again): the org's workspaces already known are active again."""
    workspaces = session.exec(
        select(Workspace).where(
            col(Workspace.slack_enterprise_id) == enterprise_id,
            col(Workspace.uninstalled_at).is_not(None),
        )
    ).all()
    for workspace in workspaces:
        workspace.uninstalled_at = None
        workspace.installed_at = now
        session.add(workspace)
    return len(workspaces)


def record_org_member(
    *, session: Session, slack_team_id: str, enterprise_id: str, now: datetime
) -> Workspace:
    """A request from a workspace of an Enterprise Grid org: the workspace row knows its org,
    so jobs that know only the workspace find the org-wide installation's token."""
    workspace = ensure_workspace(session=session, slack_team_id=slack_team_id, now=now)
    if workspace.slack_enterprise_id != enterprise_id:
        workspace.slack_enterprise_id = enterprise_id
        session.add(workspace)
    return workspace


def record_org_uninstall(*, session: Session, enterprise_id: str, now: datetime) -> int:
    """An org-wide install removed: every workspace of the org; how many deliveries dropped."""
    team_ids = session.exec(
        select(Workspace.slack_team_id).where(col(Workspace.slack_enterprise_id) == enterprise_id)
    ).all()
    return sum(record_uninstall(session=session, slack_team_id=t, now=now) for t in team_ids)


def record_uninstall(*, session: Session, slack_team_id: str, now: datetime) -> int:
    """Mark the workspace uninstalled and give up its pending deliveries; how many were dropped.

    Rows already being sent are left to the dispatcher: Slack refuses them (token_revoked) and
    they end dead on their own.
    """
    workspace = session.exec(
        select(Workspace).where(col(Workspace.slack_team_id) == slack_team_id)
    ).first()
    if workspace is None:
        return 0  # never seen: nothing of it to stop
    if workspace.uninstalled_at is None:
        workspace.uninstalled_at = now
        session.add(workspace)
    dropped = session.exec(
        update(Delivery)
        .where(col(Delivery.workspace_id) == workspace.id, col(Delivery.state) == "pending")
        .values(state="dead", last_error=UNINSTALLED_REASON)
        .execution_options(synchronize_session=False)
    ).rowcount
    return int(dropped)
