"""The OAuth install flow (HTTP mode): Bolt's OAuthFlow on our database.

`/slack/install` sends the installer to Slack with a one-time state (kept in the database, so
any replica can check it, and in a cookie, so only the same browser can finish); Slack sends
them back to `/slack/oauth_redirect`, where Bolt exchanges the code (oauth.v2.access), stores
the installation, and `installed` (given by the app: `handlers.installs.on_installed`) marks
the workspace installed in our own rows.
"""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import BoltResponse
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.slack.installations import Installations, state_store
from bot.slack.scopes import BOT_SCOPES, install_scopes

__all__ = ["BOT_SCOPES", "INSTALL_PATH", "REDIRECT_PATH", "oauth_settings"]

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"


def oauth_settings(
    config: Settings,
    *,
    engine: Engine,
    store: Installations,
    installed: Callable[[Installation], None],
) -> OAuthSettings:
    """Bolt's OAuth settings: our stores, our paths, a plain redirect to Slack.

    `installed` runs once Bolt has stored a new installation, before the success page. With
    token rotation on, the installation carries a refresh token and the access token's expiry;
    `store` refreshes it (requests: bot.slack.authorize, which the app uses instead of Bolt's).
    """
    assert config.client_id is not None and config.client_secret is not None

    def succeeded(args: SuccessArgs) -> BoltResponse:
        installed(args.installation)
        return args.default.success(args)

    def failed(args: FailureArgs) -> BoltResponse:
        return args.default.failure(args)

    return OAuthSettings(
        client_id=config.client_id,
        client_secret=config.client_secret,
        # The manifests' bot scopes, and an opted-in feature's (bot/slack/scopes.py).
        scopes=list(install_scopes(config)),
        user_scopes=[],
        redirect_uri=config.redirect_uri,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        # Straight to Slack's consent screen; Bolt's intermediate "Add to Slack" page adds a click.
        install_page_rendering_enabled=False,
        callback_options=CallbackOptions(success=succeeded, failure=failed),
        installation_store=store,
        # We ask for no user scopes: the bot token is the only one there is to find.
        installation_store_bot_only=True,
        state_store=state_store(engine),
    )
