"""The `user_change` event: a known person's new Slack time zone, kept at once."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext

from bot.deps import deps_of
from bot.handlers.common.acting import unit
from bot.services.org import zones


def register(app: App) -> None:
    app.event("user_change")(user_changed)


def user_changed(body: dict[str, Any], event: dict[str, Any], context: BoltContext) -> None:
    """Slack sends the whole changed user; only people the bot already knows are updated."""
    user = event.get("user") or {}
    team_id = body.get("team_id") or context.team_id
    if not isinstance(user, dict) or not user.get("id") or not team_id:
        return
    tz = user.get("tz")
    now = deps_of(context).clock
    unit(
        context,
        lambda s: zones.zone_changed(
            session=s,
            slack_team_id=str(team_id),
            slack_user_id=str(user["id"]),
            tz=tz if isinstance(tz, str) else None,
            now=now(),
        ),
    )
