"""The one escape for anything a person typed, before it goes into Slack mrkdwn.

Beneath blocks and services alike: blocks escape what they render, and erasing someone finds
their words in messages already owed in the form they were escaped to.
"""

from __future__ import annotations


def escape(text: str) -> str:
    """Escape user text for mrkdwn so `<!channel>`, `<@U…>` and links never ping or unfurl."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
