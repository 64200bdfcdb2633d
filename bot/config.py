"""Settings from the environment: the only module that reads `os.environ`."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

SLACK_API_URL_DEFAULT = "https://slack.com/api/"
DEFAULT_DATABASE_FILE = "career-bot.db"

# Where each secret comes from, said once so every error names the right page.
_HOW_TO_GET = {
    "SLACK_BOT_TOKEN": (
        "copy the Bot User OAuth Token (xoxb-...) from your Slack app's OAuth & Permissions page"
    ),
    "SLACK_SIGNING_SECRET": "copy it from your Slack app's Basic Information page",
    "SLACK_APP_TOKEN": (
        "create an app-level token with the connections:write scope on your Slack app's "
        "Basic Information page (App-Level Tokens) and copy it (xapp-...)"
    ),
}

_PREFIXES = {"SLACK_BOT_TOKEN": "xoxb-", "SLACK_APP_TOKEN": "xapp-"}


class ConfigError(Exception):
    """A setting is missing or malformed; the message is one line a person can act on."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    slack_api_url: str = SLACK_API_URL_DEFAULT
    bot_token: str | None = None
    signing_secret: str | None = None
    app_token: str | None = None
    log_level: str = "INFO"
    # OAuth install in several workspaces (HTTP mode); both None = one workspace, one token.
    client_id: str | None = None
    client_secret: str | None = None
    redirect_uri: str | None = None
    # The id of a custom Slack profile field holding each person's manager (org import).
    manager_profile_field: str | None = None
    # Draw the skill and coverage charts (matplotlib) and show them as images; off: text only.
    charts: bool = True
    # Look up in Slack's history whether a send whose answer was lost arrived (needs the
    # *:history scopes); off, such a send is left `unknown` for an operator, never resent.
    history_check: bool = False

    @property
    def oauth(self) -> bool:
        """Several workspaces install the app; each one's bot token lives in the database."""
        return self.client_id is not None

    @classmethod
    def from_env(
        cls,
        env: Mapping[str, str] | None = None,
        *,
        require: Iterable[str] = (),
        cwd: Path | None = None,
    ) -> Settings:
        """Read settings, raising ConfigError for the first missing or malformed one.

        `require` names the Slack variables the calling command cannot work without.
        """
        env = os.environ if env is None else env
        values = {name: (env.get(name) or "").strip() for name in (*_HOW_TO_GET, "SLACK_API_URL")}
        for name in require:
            if not values[name]:
                raise ConfigError(f"{name} is not set: {_HOW_TO_GET[name]}")
        for name, prefix in _PREFIXES.items():
            if values[name] and not values[name].startswith(prefix):
                raise ConfigError(
                    f"{name} should start with {prefix!r} but does not: {_HOW_TO_GET[name]}"
                )
        client_id, client_secret, redirect_uri = _oauth(env)
        return cls(
            database_url=_database_url(env.get("DATABASE_URL", ""), cwd or Path.cwd()),
            slack_api_url=_slack_api_url(values["SLACK_API_URL"]),
            bot_token=values["SLACK_BOT_TOKEN"] or None,
            signing_secret=values["SLACK_SIGNING_SECRET"] or None,
            app_token=values["SLACK_APP_TOKEN"] or None,
            log_level=_log_level(env.get("LOG_LEVEL", "")),
            client_id=client_id,
            client_secret=client_secret,
            redirect_uri=redirect_uri,
            manager_profile_field=_profile_field(env.get("SLACK_MANAGER_PROFILE_FIELD", "")),
            charts=_switch("CHARTS", env.get("CHARTS", ""), default=True),
            history_check=_switch(
                "SLACK_HISTORY_CHECK", env.get("SLACK_HISTORY_CHECK", ""), default=False
            ),
        )


_CREDENTIALS_PAGE = "your Slack app's Basic Information page (App Credentials)"


def _oauth(env: Mapping[str, str]) -> tuple[str | None, str | None, str | None]:
    """SLACK_CLIENT_ID and SLACK_CLIENT_SECRET together, or neither; SLACK_REDIRECT_URI optional."""
    client_id = (env.get("SLACK_CLIENT_ID") or "").strip() or None
    client_secret = (env.get("SLACK_CLIENT_SECRET") or "").strip() or None
    redirect_uri = (env.get("SLACK_REDIRECT_URI") or "").strip() or None
    if client_id and not client_secret:
        raise ConfigError(
            "SLACK_CLIENT_ID is set but SLACK_CLIENT_SECRET is not: copy the Client Secret from "
            f"{_CREDENTIALS_PAGE}, or unset SLACK_CLIENT_ID to serve one workspace"
        )
    if client_secret and not client_id:
        raise ConfigError(
            "SLACK_CLIENT_SECRET is set but SLACK_CLIENT_ID is not: copy the Client ID from "
            f"{_CREDENTIALS_PAGE}, or unset SLACK_CLIENT_SECRET to serve one workspace"
        )
    if redirect_uri and not client_id:
        raise ConfigError(
            "SLACK_REDIRECT_URI is set but SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are not: "
            f"copy both from {_CREDENTIALS_PAGE}, or unset SLACK_REDIRECT_URI"
        )
    parsed = urlparse(redirect_uri or "")
    if redirect_uri and (parsed.scheme not in ("http", "https") or not parsed.netloc):
        raise ConfigError(
            "SLACK_REDIRECT_URI must be the URL of /slack/oauth_redirect on your server, as "
            f"listed under Redirect URLs on your Slack app's OAuth & Permissions page; "
            f"got {redirect_uri!r}"
        )
    return client_id, client_secret, redirect_uri


def _profile_field(raw: str) -> str | None:
    field = raw.strip()
    if field and not re.fullmatch(r"Xf[A-Za-z0-9]{2,}", field):
        raise ConfigError(
            f"SLACK_MANAGER_PROFILE_FIELD should be a custom profile field id like Xf0123ABCD, "
            f"got {field!r}: use the field's id as Slack's team.profile.get method lists it"
        )
    return field or None


def database_url(raw: str) -> str:
    """A database URL as DATABASE_URL would be read (postgres:// accepted); ConfigError if bad."""
    return _database_url(raw, Path.cwd())


def _database_url(raw: str, cwd: Path) -> str:
    raw = raw.strip()
    if not raw:
        return f"sqlite:///{cwd / DEFAULT_DATABASE_FILE}"
    try:
        url = make_url(raw)
    except ArgumentError:
        raise ConfigError(
            "DATABASE_URL is not a database URL: use sqlite:///path/to/file.db or "
            "postgresql://user:password@host:5432/dbname"
        ) from None
    backend = url.get_backend_name()
    if backend in ("postgresql", "postgres"):  # postgres:// is what Heroku and others hand out
        # psycopg 3 is the driver we ship in the [postgres] extra.
        return url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if backend == "sqlite":
        return raw
    raise ConfigError(
        f"DATABASE_URL uses {backend!r}, which this bot does not support: "
        "use sqlite:///path/to/file.db or postgresql://user:password@host:5432/dbname"
    )


def _slack_api_url(raw: str) -> str:
    if not raw:
        return SLACK_API_URL_DEFAULT
    parsed = urlparse(raw)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(
            f"SLACK_API_URL must be an http(s) URL such as {SLACK_API_URL_DEFAULT}; got {raw!r}"
        )
    # slack_sdk joins method names onto the base URL, so it needs the trailing slash.
    return raw if raw.endswith("/") else raw + "/"


_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def _log_level(raw: str) -> str:
    level = raw.strip().upper() or "INFO"
    if level not in _LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL must be one of {', '.join(_LOG_LEVELS)}; got {raw!r}")
    return level


_ON, _OFF = ("on", "true", "1", "yes"), ("off", "false", "0", "no")


def _switch(name: str, raw: str, *, default: bool) -> bool:
    value = raw.strip().lower()
    if not value:
        return default
    if value not in _ON + _OFF:
        raise ConfigError(f"{name} must be on or off; got {raw!r}")
    return value in _ON
