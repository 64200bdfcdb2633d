"""What Slack told us about a person's account: plain data, importing no Slack SDK.

The org import's rules (`services.org_import`) read it, so it stays free of `slack_sdk`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SlackUser:
    """What Slack told us about an email: the account, or why it cannot be used."""

    user_id: str | None = None
    tz: str | None = None
    problem: str | None = None
