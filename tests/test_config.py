from pathlib import Path

import pytest

from bot.config import SLACK_API_URL_DEFAULT, ConfigError, Settings

TOKENS = {
    "SLACK_BOT_TOKEN": "xoxb-1-2-abc",
    "SLACK_SIGNING_SECRET": "s3cret",
    "SLACK_APP_TOKEN": "xapp-1-A1-abc",
}


def test_defaults_use_a_sqlite_file_in_the_working_directory(tmp_path: Path) -> None:
    settings = Settings.from_env({}, cwd=tmp_path)
    assert settings.database_url == f"sqlite:///{tmp_path / 'career-bot.db'}"
    assert settings.slack_api_url == SLACK_API_URL_DEFAULT
    assert settings.bot_token is None


@pytest.mark.parametrize(
    ("missing", "hint"),
    [
        ("SLACK_BOT_TOKEN", "OAuth & Permissions page"),
        ("SLACK_SIGNING_SECRET", "copy it from your Slack app's Basic Information page"),
        ("SLACK_APP_TOKEN", "connections:write"),
    ],
)
def test_a_missing_required_setting_names_the_variable_and_where_to_get_it(
    missing: str, hint: str
) -> None:
    env = {k: v for k, v in TOKENS.items() if k != missing}
    with pytest.raises(ConfigError) as raised:
        Settings.from_env(env, require=TOKENS.keys())
    message = str(raised.value)
    assert message.startswith(f"{missing} is not set: ")
    assert hint in message
    assert "\n" not in message


def test_a_blank_value_counts_as_missing() -> None:
    with pytest.raises(ConfigError, match=r"^SLACK_BOT_TOKEN is not set"):
        Settings.from_env({"SLACK_BOT_TOKEN": "   "}, require=["SLACK_BOT_TOKEN"])


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("SLACK_BOT_TOKEN", "xapp-wrong-kind", "SLACK_BOT_TOKEN should start with 'xoxb-'"),
        ("SLACK_APP_TOKEN", "xoxb-wrong-kind", "SLACK_APP_TOKEN should start with 'xapp-'"),
        ("SLACK_API_URL", "slack.com/api", "SLACK_API_URL must be an http(s) URL"),
        ("DATABASE_URL", "not a url", "DATABASE_URL is not a database URL"),
        ("DATABASE_URL", "mysql://u@h/db", "DATABASE_URL uses 'mysql'"),
        ("LOG_LEVEL", "chatty", "LOG_LEVEL must be one of"),
        ("CHARTS", "maybe", "CHARTS must be on or off"),
    ],
)
def test_malformed_settings_say_what_is_wrong(name: str, value: str, expected: str) -> None:
    with pytest.raises(ConfigError) as raised:
        Settings.from_env({**TOKENS, name: value})
    assert str(raised.value).startswith(expected)


def test_postgres_urls_use_the_psycopg_driver_and_api_url_gets_its_slash() -> None:
    settings = Settings.from_env(
        {
            **TOKENS,
            "DATABASE_URL": "postgresql://bot:pw@db:5432/career",
            "SLACK_API_URL": "http://127.0.0.1:9999/api",
        }
    )
    assert settings.database_url == "postgresql+psycopg://bot:pw@db:5432/career"
    assert settings.slack_api_url == "http://127.0.0.1:9999/api/"
    assert settings.bot_token == TOKENS["SLACK_BOT_TOKEN"]


def test_postgres_scheme_urls_are_accepted_as_postgresql() -> None:
    # What Heroku, Render and others hand out; SQLAlchemy itself no longer accepts the name.
    url = "postgres://bot:pw@db:5432/career"
    assert Settings.from_env({**TOKENS, "DATABASE_URL": url}).database_url == (
        "postgresql+psycopg://bot:pw@db:5432/career"
    )


def test_charts_are_on_unless_turned_off() -> None:
    assert Settings.from_env(TOKENS).charts is True
    assert Settings.from_env({**TOKENS, "CHARTS": " Off "}).charts is False
    assert Settings.from_env({**TOKENS, "CHARTS": "on"}).charts is True


def test_the_history_check_is_off_unless_turned_on() -> None:
    assert Settings.from_env(TOKENS).history_check is False
    for on in ("on", "ON", "true", "1", "yes"):
        assert Settings.from_env({**TOKENS, "SLACK_HISTORY_CHECK": on}).history_check is True
    for off in ("off", "false", "0", "no", " "):
        assert Settings.from_env({**TOKENS, "SLACK_HISTORY_CHECK": off}).history_check is False


def test_a_malformed_history_check_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="SLACK_HISTORY_CHECK must be on or off"):
        Settings.from_env({**TOKENS, "SLACK_HISTORY_CHECK": "sometimes"})
