"""A Slack status as users.info, users.profile.get and `user_change` carry it in `profile`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SlackStatus:
    """`status_emoji` (":palm_tree:"), `status_text`, `status_expiration` (Unix time; 0: none)."""

    emoji: str = ""
    text: str = ""
    expiration: int = 0


def status_of(user: dict[str, Any]) -> SlackStatus:
    """The status in a user object; anything missing or malformed reads as no status."""
    profile = user.get("profile")
    if not isinstance(profile, dict):
        return SlackStatus()
    emoji, text = profile.get("status_emoji"), profile.get("status_text")
    expiration = profile.get("status_expiration")
    return SlackStatus(
        emoji=emoji if isinstance(emoji, str) else "",
        text=text if isinstance(text, str) else "",
        expiration=expiration if isinstance(expiration, int) and expiration > 0 else 0,
    )
