"""Finding Slack accounts by email for the CLI: users.lookupByEmail, or users.list for many.

users.lookupByEmail is Tier 3 (about 50 calls a minute): 5,000 emails would take about 100
minutes. users.list is Tier 2 (about 20 calls a minute) but returns up to 200 members a page
with their emails (scope users:read.email), so reading a 10,000-person directory takes 50 calls,
two or three minutes. Few emails: look each up; many: read the directory once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.slack.accounts import SlackUser
from bot.slack.scopes import PROFILE_SCOPES, granted

LOOKUP_EACH_MAX = 50  # about one minute of users.lookupByEmail at Tier 3
DIRECTORY_PAGE = 200  # Slack's pagination guide recommends 100-200 results a call
_NOT_FOUND = "no Slack account in this workspace has this email"
_NO_EMAIL_SCOPE = (
    "the bot token lacks the users:read.email scope: add it on your Slack app's "
    "OAuth & Permissions page and reinstall the app"
)
_NO_PROFILE_SCOPE = (
    "SLACK_MANAGER_PROFILE_FIELD is set but the bot token lacks the users.profile:read scope: "
    "add it on your Slack app's OAuth & Permissions page (or uncomment it in the manifest) and "
    "reinstall the app, or unset SLACK_MANAGER_PROFILE_FIELD"
)
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
_PROBLEMS = {
    "users_not_found": _NOT_FOUND,
    "user_not_found": _NOT_FOUND,
}


class SlackUnavailable(Exception):
    """Slack refused the lookup for a reason that is not about one email."""


def _unreachable(method: str, error: Exception) -> SlackUnavailable:
    # A timeout or a connection still dropped after the client's retries: stop the import
    # with a plain line (nothing is saved before every lookup is done), never a traceback.
    return SlackUnavailable(
        f"cannot reach Slack for {method} ({error or type(error).__name__}): check your "
        "network or SLACK_API_URL, then run the import again"
    )


def lookup(client: WebClient, email: str) -> SlackUser:
    try:
        user = client.users_lookupByEmail(email=email)["user"]
    except SlackApiError as error:
        code = str(error.response.get("error", ""))
        if code in _PROBLEMS:
            return SlackUser(problem=_PROBLEMS[code])
        if code == "missing_scope":
            raise SlackUnavailable(_NO_EMAIL_SCOPE) from None
        raise SlackUnavailable(
            f"Slack answered {code or 'an error'} to users.lookupByEmail"
        ) from None
    except (SlackClientError, OSError) as error:
        raise _unreachable("users.lookupByEmail", error) from None
    return _account(user)


def channel_problem(client: WebClient, channel: str) -> str | None:
    """Why the bot cannot post in `channel`, with the fix; None when it can (conversations.info)."""
    try:
        found = client.conversations_info(channel=channel)["channel"]
    except SlackApiError as error:
        code = str(error.response.get("error", ""))
        if code == "channel_not_found":
            return (
                "the bot sees no channel with this ID: check the ID (open the channel, click "
                "its name, copy the ID at the bottom); a private channel stays hidden until "
                "you invite @Career Conversations to it (/invite @Career Conversations)"
            )
        if code == "missing_scope":
            raise SlackUnavailable(
                "the bot token lacks the channels:read scope (groups:read for a private "
                "channel), needed to check the digest channel: add it on your Slack app's "
                "OAuth & Permissions page and reinstall the app"
            ) from None
        raise SlackUnavailable(
            f"Slack answered {code or 'an error'} to conversations.info"
        ) from None
    except (SlackClientError, OSError) as error:
        raise _unreachable("conversations.info", error) from None
    if found.get("is_archived"):
        return "the channel is archived: unarchive it or pick another channel"
    if found.get("is_im") or found.get("is_mpim"):
        return "this is a direct message, not a channel: give the ID of a channel"
    if not found.get("is_member"):
        name = f"#{found.get('name') or channel}"
        return (
            f"the bot is not in {name}: invite @Career Conversations to {name} "
            "(type /invite @Career Conversations in the channel), then run this again"
        )
    return None


def _account(user: dict[str, Any]) -> SlackUser:
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


def resolve(
    client: WebClient, emails: list[str], *, progress: Callable[[int], None] | None = None
) -> dict[str, SlackUser]:
    """The Slack account for every email, by the fewer calls (see the module docstring)."""
    if len(emails) <= LOOKUP_EACH_MAX:
        return lookup_all(client, emails, progress=progress)
    return from_directory(client, emails, progress=progress)


def from_directory(
    client: WebClient, emails: list[str], *, progress: Callable[[int], None] | None = None
) -> dict[str, SlackUser]:
    """Match emails against the member list, page by page, until every email has an account.

    `progress` gets how many emails are matched so far, then the total when done.
    """
    wanted = set(emails)
    found: dict[str, SlackUser] = {}
    any_email = False
    cursor: str | None = None
    while True:
        try:
            page = client.users_list(limit=DIRECTORY_PAGE, cursor=cursor)
        except SlackApiError as error:
            code = str(error.response.get("error", ""))
            raise SlackUnavailable(f"Slack answered {code or 'an error'} to users.list") from None
        except (SlackClientError, OSError) as error:
            raise _unreachable("users.list", error) from None
        for member in page.get("members") or []:
            email = str((member.get("profile") or {}).get("email") or "").lower()
            any_email = any_email or bool(email)
            if email in wanted and (email not in found or found[email].problem):
                found[email] = _account(member)  # an active account beats a deactivated one
        usable = sum(1 for user in found.values() if not user.problem)
        cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
        if cursor is None or usable == len(wanted):
            break
        if progress and len(found) < len(wanted):
            progress(len(found))
    if not any_email:
        raise SlackUnavailable(_NO_EMAIL_SCOPE)
    if progress:
        progress(len(emails))
    return {email: found.get(email) or SlackUser(problem=_NOT_FOUND) for email in emails}


def require_profile_scope(client: WebClient) -> None:
    """Stop before any look-up when the token lacks users.profile:read (auth.test's
    `x-oauth-scopes` header says what it holds), rather than an hour of look-ups later."""
    try:
        scopes = granted(client.auth_test().headers)
    except SlackApiError:
        return  # a refused token is told about on its own (`check_token`)
    except (SlackClientError, OSError) as error:
        raise _unreachable("auth.test", error) from None
    if scopes is not None and not set(PROFILE_SCOPES) <= scopes:
        raise SlackUnavailable(_NO_PROFILE_SCOPE)


def profile_managers(
    client: WebClient,
    field_id: str,
    people: Mapping[str, str],
    *,
    progress: Callable[[int], None] | None = None,
) -> dict[str, str]:
    """Email -> their manager's email, read from a custom Slack profile field.

    `people` maps email -> Slack user id. The field may hold a user (its value is a user id:
    the email of someone in `people`, else asked with users.info) or an email. People with the
    field empty are left out. users.profile.get is Tier 4 (about 100 a minute), one per person.
    """
    known = {user_id: email for email, user_id in people.items()}
    found: dict[str, str] = {}
    for done, (email, user_id) in enumerate(people.items(), start=1):
        try:
            profile = client.users_profile_get(user=user_id)["profile"]
        except SlackApiError as error:
            code = str(error.response.get("error", ""))
            if code == "missing_scope":
                raise SlackUnavailable(_NO_PROFILE_SCOPE) from None
            raise SlackUnavailable(
                f"Slack answered {code or 'an error'} to users.profile.get"
            ) from None
        except (SlackClientError, OSError) as error:
            raise _unreachable("users.profile.get", error) from None
        value = str(((profile.get("fields") or {}).get(field_id) or {}).get("value") or "")
        manager = known.get(value.strip()) or _email_of(client, value.strip())
        if manager:
            found[email] = manager
        if progress:
            progress(done)
    return found


def _email_of(client: WebClient, value: str) -> str | None:
    if "@" in value:
        return value.lower()
    if not _USER_ID.match(value):
        return None
    try:
        user = client.users_info(user=value)["user"]
    except SlackApiError:
        return None
    except (SlackClientError, OSError) as error:
        raise _unreachable("users.info", error) from None
    return str((user.get("profile") or {}).get("email") or "").lower() or None
