"""Slack's scopes: what each method needs, what a bot token holds, and Slack's answer without one.

Slack answers a call whose token lacks the method's scope with HTTP 200 and
`{"ok": false, "error": "missing_scope", "needed": ..., "provided": ...}`, and names the token's
scopes in the `x-oauth-scopes` header of every answer (auth.test included), the method's in
`x-accepted-oauth-scopes`.

`NEEDED` is ours, for the bot-token methods the bot calls: any one scope of a method's tuple
will do (conversations.history reads a DM with im:history, a public channel with
channels:history, ...); an empty tuple needs none. Sources: `REF` (docs.slack.dev-methods
`scope.bot`), else the OpenAPI spec's `security` (classic `chat:write:bot` is `chat:write`
today), else `DOCS` (files v2). tests/support_tests/fakeslack/test_scopes_reference.py checks
it against them.
"""

from __future__ import annotations

from collections.abc import Iterable

import yaml

from tests.support.fakeslack.errors import SlackError
from tests.support.slack_reference import REPO_ROOT

_HISTORY = ("channels:history", "groups:history", "im:history", "mpim:history")

NEEDED: dict[str, tuple[str, ...]] = {
    "auth.test": (),
    "chat.postMessage": ("chat:write",),
    "chat.postEphemeral": ("chat:write",),
    "chat.update": ("chat:write",),
    "chat.delete": ("chat:write",),
    "chat.scheduleMessage": ("chat:write",),
    "conversations.open": ("channels:manage", "groups:write", "im:write", "mpim:write"),
    "conversations.history": _HISTORY,
    "conversations.info": ("channels:read", "groups:read", "im:read", "mpim:read"),
    "views.open": (),
    "views.push": (),
    "views.update": (),
    "views.publish": (),
    "users.info": ("users:read",),
    "users.lookupByEmail": ("users:read.email",),
    "users.list": ("users:read",),
    "users.profile.get": ("users.profile:read",),
    "team.info": ("team:read",),
    "files.getUploadURLExternal": ("files:write",),
    "files.delete": ("files:write",),
    "files.completeUploadExternal": ("files:write",),
}


def manifest_bot_scopes() -> tuple[str, ...]:
    """The bot scopes manifest.yml asks for: what a token installed from it holds."""
    manifest = yaml.safe_load((REPO_ROOT / "manifest.yml").read_text(encoding="utf-8"))
    return tuple(manifest["oauth_config"]["scopes"]["bot"])


DEFAULT_BOT_SCOPES = manifest_bot_scopes()


def require_scope(method: str, granted: Iterable[str]) -> None:
    """Raise Slack's `missing_scope` answer when `granted` holds none of the method's scopes.

    A token holding all the manifest's scopes that still lacks one made a call the default
    install cannot: our bug, so a violation. A test that took scopes away gets the answer only.
    """
    needed, held = NEEDED[method], list(granted)
    if not needed or set(needed) & set(held):
        return
    violation = None
    if set(DEFAULT_BOT_SCOPES) <= set(held):
        violation = f"needs {' or '.join(needed)}, which manifest.yml does not ask for"
    raise SlackError("missing_scope", violation, needed=",".join(needed), provided=",".join(held))


def scope_headers(method: str, granted: Iterable[str]) -> dict[str, str]:
    return {
        "x-oauth-scopes": ",".join(granted),
        "x-accepted-oauth-scopes": ",".join(NEEDED.get(method, ())),
    }
