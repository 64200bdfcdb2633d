"""oauth.v2.access in the fake: codes traded for tokens, rotating tokens, org-wide installs.

Slack's rules as documented (docs.slack.dev "Using token rotation", "Installing with OAuth",
org-ready apps):
- with token rotation on, an install answers an expiring access token (`xoxe.xoxb-…`), its
  `expires_in` (12 hours) and a refresh token; `grant_type=refresh_token` trades the refresh
  token for a new pair, and the refresh token used is revoked (single use);
- a call with an expired access token answers `token_expired`; the expiry follows the fake's
  `clock`, which a test can point at its own;
- an org-wide install (Enterprise Grid) answers `is_enterprise_install: true`, the
  `enterprise` and `team: null`; its token acts in every workspace of the org; scopes Slack
  does not grant to an org-wide install are refused with `scope_not_allowed_on_enterprise`.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tests.support.fakeslack.directory import APP_ID, Team
from tests.support.fakeslack.errors import SlackError
from tests.support.fakeslack.scopes import DEFAULT_BOT_SCOPES
from tests.support.fakeslack.wire import Call, _Answer, _ok
from tests.support.fakeslack.workspace import Workspace

ROTATION_SECONDS = 12 * 60 * 60  # an access token lives 12 hours with rotation on
# Scopes an org-wide install cannot be granted: incoming webhooks post to one workspace's
# channel, and the classic (non-granular) scopes predate org-wide apps.
SCOPES_REFUSED_ON_ENTERPRISE = frozenset({"incoming-webhook", "bot", "identify", "client", "admin"})


@dataclass(frozen=True)
class _Grant:
    """What an OAuth code issued by Slack's consent screen turns into (oauth.v2.access)."""

    team_id: str | None  # None for an org-wide install
    team_name: str | None
    bot_token: str
    installer: str
    scope: str
    rotating: bool = False
    enterprise: tuple[str, str] | None = None  # (id, name) on Enterprise Grid


class Grants:
    """FakeSlack's OAuth side; FakeSlack mixes it in."""

    client_id: str
    client_secret: str
    bot_user_id: str
    clock: Callable[[], float]
    workspace: Workspace
    _lock: threading.Condition
    _tokens: dict[str, str]
    _grants: dict[str, _Grant]
    _refresh_tokens: dict[str, _Grant]  # unused refresh token -> the grant it renews
    _expires: dict[str, float]  # access token -> when it stops working (fake clock)
    _serial: itertools.count[int]

    _calls: list[Call]

    if TYPE_CHECKING:  # Serving's and FakeSlack's; a stub here would shadow them in the MRO

        def _finish(
            self, call: Call, *, answer: _Answer | None = None, error: SlackError | None = None
        ) -> _Answer: ...

        def add_token(
            self,
            token: str,
            team_id: str,
            *,
            team_name: str | None = None,
            scopes: Iterable[str] = (),
        ) -> None: ...

    def add_oauth_code(
        self,
        code: str,
        *,
        team_id: str | None,
        bot_token: str,
        team_name: str | None = None,
        installer: str = "U0INSTALL1",
        scope: str = ",".join(DEFAULT_BOT_SCOPES),
        rotating: bool = False,
        enterprise: tuple[str, str] | None = None,
    ) -> None:
        """A code Slack hands the installer's browser; oauth.v2.access trades it for `bot_token`
        once, and from then on the token acts in `team_id` (or, with team_id None and an
        `enterprise` (id, name), in every workspace of that org: an org-wide install).
        `rotating`: the app has token rotation on (see above)."""
        name = team_name or team_id
        grant = _Grant(team_id, name, bot_token, installer, scope, rotating, enterprise)
        with self._lock:
            self._grants[code] = grant

    def add_enterprise(self, enterprise_id: str, name: str, teams: dict[str, str]) -> None:
        """An Enterprise Grid org and its workspaces (team id -> name)."""
        with self._lock:
            self.workspace.teams.setdefault(enterprise_id, Team(enterprise_id, name))
            for team_id, team_name in teams.items():
                self.workspace.teams.setdefault(team_id, Team(team_id, team_name))

    def refreshes(self) -> list[Call]:
        """oauth.v2.access calls that renewed a token (grant_type=refresh_token), answered ok."""
        with self._lock:
            return [
                c
                for c in self._calls
                if c.method == "oauth.v2.access"
                and c.ok
                and c.args.get("grant_type") == "refresh_token"
            ]

    def expires_at(self, token: str) -> float | None:
        with self._lock:
            return self._expires.get(token)

    def _expired(self, token: str) -> bool:
        expiry = self._expires.get(token)
        return expiry is not None and self.clock() >= expiry

    def _oauth_access(self, call: Call) -> _Answer:
        args = call.args
        if args.get("client_id") != self.client_id:
            return self._finish(call, error=SlackError("invalid_client_id"))
        if args.get("client_secret") != self.client_secret:
            return self._finish(call, error=SlackError("bad_client_secret"))
        if args.get("grant_type") == "refresh_token":
            with self._lock:  # single use: two callers with one refresh token, one wins
                grant = self._refresh_tokens.pop(str(args.get("refresh_token") or ""), None)
            if grant is None:
                return self._finish(call, error=SlackError("invalid_refresh_token"))
            serial = next(self._serial)
            token = (
                f"xoxe.xoxb-1-{grant.enterprise[0] if grant.enterprise else grant.team_id}-{serial}"
            )
            return self._finish(call, answer=_ok(self._issue(grant, token)))
        with self._lock:
            grant = self._grants.pop(str(args.get("code") or ""), None)
        if grant is None:
            return self._finish(call, error=SlackError("invalid_code"))
        if grant.enterprise is not None:
            refused = set(grant.scope.split(",")) & SCOPES_REFUSED_ON_ENTERPRISE
            if refused:
                error = SlackError("scope_not_allowed_on_enterprise", needed=",".join(refused))
                return self._finish(call, error=error)
        return self._finish(call, answer=_ok(self._issue(grant, grant.bot_token)))

    def _issue(self, grant: _Grant, token: str) -> dict[str, Any]:
        """Make `token` act for the grant; the answer's fields as Slack documents them."""
        owner = grant.enterprise[0] if grant.enterprise else grant.team_id
        assert owner is not None
        self.add_token(
            token,
            owner,
            team_name=grant.enterprise[1] if grant.enterprise else grant.team_name,
            scopes=grant.scope.split(","),
        )
        answer: dict[str, Any] = {
            "access_token": token,
            "token_type": "bot",
            "scope": grant.scope,
            "bot_user_id": self.bot_user_id,
            "app_id": APP_ID,
            "team": {"id": grant.team_id, "name": grant.team_name} if grant.team_id else None,
            "enterprise": (
                {"id": grant.enterprise[0], "name": grant.enterprise[1]}
                if grant.enterprise
                else None
            ),
            "is_enterprise_install": grant.enterprise is not None and grant.team_id is None,
            "authed_user": {"id": grant.installer},
        }
        if grant.rotating:
            refresh = f"xoxe-1-{owner}-{next(self._serial)}"
            with self._lock:
                self._expires[token] = self.clock() + ROTATION_SECONDS
                self._refresh_tokens[refresh] = grant
            answer |= {"refresh_token": refresh, "expires_in": ROTATION_SECONDS}
        return answer
