"""Domain logic, one package per noun: conversations, prep, growth, org, nudges, privacy and
workspaces. No Slack imports."""

from __future__ import annotations

from bot.shapes.ids import parse_id as parse_id  # handlers and jobs take it from here too


class NotAllowed(Exception):
    """The actor may not touch this record (or it does not exist); nothing was changed."""
