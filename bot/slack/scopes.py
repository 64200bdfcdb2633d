"""The bot scopes each feature needs, and which ones a token was granted.

The default features need BOT_SCOPES (manifest.yml and manifest.http.yml list exactly these;
tests/system/test_manifest.py keeps them equal). Two features are opt-in and each needs more:
managers from a custom profile field (SLACK_MANAGER_PROFILE_FIELD) reads profiles, and the
history check (SLACK_HISTORY_CHECK) reads message history, which Slack's install screen shows
as "view messages". Slack says which scopes a token holds in the `x-oauth-scopes` header of
every answer (auth.test included).
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.config import Settings

BOT_SCOPES = (
    "commands",
    "chat:write",
    "im:write",
    "users:read",
    "users:read.email",
    "files:write",
    "channels:read",
    "groups:read",
)
PROFILE_SCOPES = ("users.profile:read",)
# DMs, public and private digest channels.
HISTORY_SCOPES = ("im:history", "channels:history", "groups:history")
SCOPES_HEADER = "x-oauth-scopes"


def install_scopes(settings: Settings) -> tuple[str, ...]:
    """The bot scopes an OAuth install asks for: the default ones and the opted-in features'."""
    extra = (PROFILE_SCOPES if settings.manager_profile_field else ()) + (
        HISTORY_SCOPES if settings.history_check else ()
    )
    return BOT_SCOPES + extra


def granted(headers: Mapping[str, object] | None) -> frozenset[str] | None:
    """The scopes Slack's `x-oauth-scopes` header lists; None when the answer carries none."""
    for name, value in (headers or {}).items():
        if name.lower() == SCOPES_HEADER:
            raw = value[0] if isinstance(value, list) and value else value
            return frozenset(s.strip() for s in str(raw).split(",") if s.strip())
    return None


def missing_for_settings(settings: Settings, scopes: frozenset[str]) -> list[str]:
    """One sentence per configured feature whose scope the token lacks, saying how to fix it."""
    problems = []
    if settings.manager_profile_field and not set(PROFILE_SCOPES) <= scopes:
        problems.append(
            "SLACK_MANAGER_PROFILE_FIELD is set but the bot token lacks the users.profile:read "
            "scope: add it on your Slack app's OAuth & Permissions page (or uncomment it in "
            "the manifest) and reinstall the app, or unset SLACK_MANAGER_PROFILE_FIELD"
        )
    if settings.history_check and not set(HISTORY_SCOPES) <= scopes:
        lacking = ", ".join(s for s in HISTORY_SCOPES if s not in scopes)
        problems.append(
            f"SLACK_HISTORY_CHECK is on but the bot token lacks {lacking}: add them on your "
            "Slack app's OAuth & Permissions page (or uncomment them in the manifest) and "
            "reinstall the app, or turn SLACK_HISTORY_CHECK off"
        )
    return problems
