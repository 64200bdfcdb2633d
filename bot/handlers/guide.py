"""`/career-prep guide`: not built yet; the fallback in handlers/commands.py says so."""

from __future__ import annotations

from slack_bolt import App


def register(app: App) -> None:
    """Nothing yet: this module gets its listeners when the feature is built."""
