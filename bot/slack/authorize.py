"""Bolt's authorize for OAuth mode: each request's bot token, fresh, for a workspace or an org.

Bolt's own InstallationStoreAuthorize refreshes rotating tokens without a lock (two replicas
would both spend the single-use refresh token) and, after one failed refresh, stops looking
tokens up in that process for good. This one goes through `Installations.fresh_bot`.

On an org-wide install (Enterprise Grid) a request carries the org (`enterprise_id`) and the
workspace it came from; Bolt finds the workspace in `authorizations[0].team_id`, which is null
for an org-wide install, so `workspace_team_id` reads it from the payload itself and
`fill_workspace` puts it in the context: per-workspace data stays keyed by that workspace.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.authorize import Authorize

from bot.slack.installations import Installations


class FreshAuthorize(Authorize):
    def __init__(self, store: Installations) -> None:
        self.store = store

    def __call__(
        self,
        *,
        context: BoltContext,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None,
        actor_enterprise_id: str | None = None,
        actor_team_id: str | None = None,
        actor_user_id: str | None = None,
    ) -> AuthorizeResult | None:
        bot = self.store.fresh_bot(
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=context.is_enterprise_install,
        )
        if bot is None or bot.bot_token is None:
            return None
        return AuthorizeResult(
            enterprise_id=enterprise_id,
            team_id=team_id,
            bot_user_id=bot.bot_user_id,
            bot_id=bot.bot_id,
            bot_token=bot.bot_token,
            bot_scopes=bot.bot_scopes,
            user_id=user_id,
        )


def workspace_team_id(body: dict[str, Any]) -> str | None:
    """The workspace a request came from: events and commands name it at the top (`team_id`),
    interactions in `team`, `user` or `view` (the org's id, E…, is never a workspace's)."""
    candidates: list[Any] = [body.get("team_id")]
    for key, field in (("team", "id"), ("user", "team_id"), ("view", "team_id")):
        part = body.get(key)
        if isinstance(part, dict):
            candidates.append(part.get(field))
    return next((c for c in candidates if isinstance(c, str) and c.startswith("T")), None)


def fill_workspace(context: BoltContext, body: dict[str, Any]) -> None:
    """An org-wide install's request: the workspace's team id in the context, where Bolt left
    it empty."""
    if context.team_id is None and context.enterprise_id is not None:
        team_id = workspace_team_id(body)
        if team_id is not None:
            context["team_id"] = team_id
