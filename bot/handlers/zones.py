"""The `user_change` event: a known person's new Slack time zone and status, kept at once."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from slack_bolt import App, BoltContext
from sqlmodel import Session

from bot.deps import deps_of
from bot.handlers.common.acting import unit
from bot.services.org import away, zones
from bot.slack.status import status_of


def register(app: App) -> None:
    app.event("user_change")(user_changed)


def user_changed(body: dict[str, Any], event: dict[str, Any], context: BoltContext) -> None:
    """Slack sends the whole changed user; only people the bot already knows are updated."""
    user = event.get("user") or {}
    team_id = body.get("team_id") or context.team_id
    if not isinstance(user, dict) or not user.get("id") or not team_id:
        return
    tz = user.get("tz")
    status = status_of(user)
    now = deps_of(context).clock()
    event_time = body.get("event_time")
    seen_at = (
        datetime.fromtimestamp(event_time, UTC)
        if isinstance(event_time, int) and 0 < event_time < now.timestamp() + 3600
        else now
    )

    def change(session: Session) -> None:
        # The status first: it locks the person's row, so a burst of events queues here.
        known = away.status_changed(
            session=session,
            slack_team_id=str(team_id),
            slack_user_id=str(user["id"]),
            emoji=status.emoji,
            text=status.text,
            expiration=status.expiration,
            now=now,
            seen_at=seen_at,
        )
        if known:
            zones.zone_changed(
                session=session,
                slack_team_id=str(team_id),
                slack_user_id=str(user["id"]),
                tz=tz if isinstance(tz, str) else None,
                now=now,
            )

    unit(context, change)
