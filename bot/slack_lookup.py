"""Finding Slack accounts by email for the CLI (users.lookupByEmail)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.services.org_import import SlackUser

_PROBLEMS = {
    "users_not_found": "no Slack account in this workspace has this email",
    "user_not_found": "no Slack account in this workspace has this email",
}


class SlackUnavailable(Exception):
    """Slack refused the lookup for a reason that is not about one email."""


def lookup(client: WebClient, email: str) -> SlackUser:
    try:
        user = client.users_lookupByEmail(email=email)["user"]
    except SlackApiError as error:
        code = str(error.response.get("error", ""))
        if code in _PROBLEMS:
            return SlackUser(problem=_PROBLEMS[code])
        if code == "missing_scope":
            raise SlackUnavailable(
                "the bot token lacks the users:read.email scope: add it on your Slack app's "
                "OAuth & Permissions page and reinstall the app"
            ) from None
        raise SlackUnavailable(
            f"Slack answered {code or 'an error'} to users.lookupByEmail"
        ) from None
    if user.get("deleted"):
        return SlackUser(problem="this Slack account is deactivated")
    if user.get("is_bot"):
        return SlackUser(problem="this Slack account is a bot")
    return SlackUser(user_id=user["id"], tz=user.get("tz"))


def lookup_all(
    client: WebClient, emails: Iterable[str], *, progress: Callable[[int], None] | None = None
) -> dict[str, SlackUser]:
    found = {}
    for done, email in enumerate(emails, start=1):
        found[email] = lookup(client, email)
        if progress:
            progress(done)
    return found
