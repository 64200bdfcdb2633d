"""Acting once on a modal submission that Slack (or anyone holding a captured request) sends
again: the same view id and hash saved twice would change data twice."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot.services.workspaces import events


def first_submission(
    session: Session, context: Any, view: dict[str, Any], *, now: datetime
) -> bool:
    """True the first time this state of this modal is submitted by this person; recorded in
    `session`'s transaction, so a submission refused with field errors is not counted."""
    return events.first_submission(
        session=session,
        slack_team_id=str(context.team_id or ""),
        user_id=str(context.user_id or ""),
        view_id=str(view.get("id") or ""),
        view_hash=str(view.get("hash") or ""),
        now=now,
    )
