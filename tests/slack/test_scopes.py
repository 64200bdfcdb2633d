from bot.config import Settings
from bot.slack.scopes import BOT_SCOPES, granted, missing_for_settings

PLAIN = Settings(database_url="sqlite://")


def test_granted_reads_slacks_scopes_header_in_any_case() -> None:
    assert granted({"X-OAuth-Scopes": "commands, chat:write"}) == {"commands", "chat:write"}
    assert granted({"x-oauth-scopes": ["users:read"]}) == {"users:read"}
    assert granted({"content-type": "application/json"}) is None
    assert granted(None) is None


def test_the_default_features_miss_nothing_with_the_default_scopes() -> None:
    assert missing_for_settings(PLAIN, frozenset(BOT_SCOPES)) == []


def test_a_profile_field_without_the_profile_scope_says_how_to_fix_it() -> None:
    settings = Settings(database_url="sqlite://", manager_profile_field="Xf0123ABCD")
    (problem,) = missing_for_settings(settings, frozenset(BOT_SCOPES))
    assert "SLACK_MANAGER_PROFILE_FIELD is set" in problem
    assert "users.profile:read" in problem and "reinstall the app" in problem
    assert missing_for_settings(settings, frozenset({*BOT_SCOPES, "users.profile:read"})) == []


def test_the_history_check_without_history_scopes_names_the_missing_ones() -> None:
    settings = Settings(database_url="sqlite://", history_check=True)
    (problem,) = missing_for_settings(settings, frozenset({*BOT_SCOPES, "im:history"}))
    assert "SLACK_HISTORY_CHECK is on" in problem
    assert "channels:history, groups:history" in problem and "im:history," not in problem
