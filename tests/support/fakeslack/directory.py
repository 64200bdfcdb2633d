"""Who is in the fake Slack workspace: the app and its bot, users, channels and DMs."""

from __future__ import annotations

import base64
import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from tests.support.fakeslack.arguments import Args, Response
from tests.support.fakeslack.errors import SlackError

APP_ID = "A0APP00001"
BOT_ID = "B0BOT00001"


@dataclass
class Team:
    id: str
    name: str


class Directory:
    """The workspace's people and channels, and the users.* methods that read them."""

    team: Team
    bot_user_id: str
    wall_clock: Callable[[], float]
    users: dict[str, dict[str, Any]]
    profile_fields: dict[str, dict[str, str]]
    channels: dict[str, bool]
    private_channels: set[str]
    archived_channels: set[str]
    dms: dict[str, str]

    def add_user(
        self,
        user_id: str,
        *,
        email: str | None = None,
        name: str | None = None,
        real_name: str | None = None,
        tz: str = "Europe/Berlin",
        tz_offset: int | None = None,
        is_admin: bool = False,
        is_owner: bool = False,
        deleted: bool = False,
        is_bot: bool = False,
        team_id: str | None = None,
        profile_fields: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        name = name or user_id.lower()
        self.profile_fields[user_id] = dict(profile_fields or {})
        real_name = real_name or name.title()
        zone = ZoneInfo(tz)
        now = datetime.now(UTC).astimezone(zone)
        if tz_offset is None:
            offset = now.utcoffset()
            tz_offset = int(offset.total_seconds()) if offset else 0
        team_id = team_id or self.team.id
        profile: dict[str, Any] = {
            "real_name": real_name,
            "real_name_normalized": real_name,
            "display_name": name,
            "display_name_normalized": name,
            "first_name": real_name.split()[0],
            "last_name": " ".join(real_name.split()[1:]),
            "title": "",
            "image_72": f"https://avatars.example.com/{user_id}_72.png",
            "team": team_id,
            # As Slack shows a status (users.info, users.profile.get, user_change): empty
            # strings and expiration 0 when there is none.
            "status_text": "",
            "status_emoji": "",
            "status_emoji_display_info": [],
            "status_expiration": 0,
            "status_text_canonical": "",
        }
        if email is not None:
            profile["email"] = email
        user = {
            "id": user_id,
            "team_id": team_id,
            "name": name,
            "deleted": deleted,
            "real_name": real_name,
            "tz": tz,
            "tz_label": now.tzname() or tz,
            "tz_offset": tz_offset,
            "profile": profile,
            "is_admin": is_admin,
            "is_owner": is_owner,
            "is_primary_owner": False,
            "is_restricted": False,
            "is_ultra_restricted": False,
            "is_bot": is_bot,
            "is_app_user": False,
            "updated": 1700000000,
        }
        self.users[user_id] = user
        return user

    def set_status(
        self, user_id: str, *, text: str = "", emoji: str = "", expiration: int = 0
    ) -> dict[str, Any]:
        """Set (or with no arguments, clear) a user's status as users.profile.set does; returns
        a copy of the changed user, as a `user_change` event carries it."""
        user = self.users[user_id]
        user["profile"].update(status_text=text, status_emoji=emoji, status_expiration=expiration)
        user["updated"] = int(self.wall_clock())
        return copy.deepcopy(user)

    def add_channel(
        self,
        channel_id: str,
        *,
        members_bot: bool = True,
        private: bool = False,
        archived: bool = False,
    ) -> None:
        self.channels[channel_id] = members_bot
        for flag, kind in ((private, self.private_channels), (archived, self.archived_channels)):
            if flag:
                kind.add(channel_id)
            else:
                kind.discard(channel_id)

    def m_conversations_info(self, args: Args, team_id: str) -> Response:
        """A channel as the bot sees it. A private channel the bot is not in is hidden from
        it (channel_not_found), as is one that does not exist; a public one shows is_member."""
        channel = str(args["channel"])
        if channel in self.dms.values():
            return {"channel": {"id": channel, "is_im": True, "is_member": True}}
        member = self.channels.get(channel)
        if member is None or (channel in self.private_channels and not member):
            raise SlackError("channel_not_found")
        private = channel in self.private_channels
        return {
            "channel": {
                "id": channel,
                "name": f"channel-{channel.lower()}",
                "is_channel": not private,
                "is_group": private,
                "is_private": private,
                "is_archived": channel in self.archived_channels,
                "is_member": member,
            }
        }

    def dm_channel(self, user_id: str) -> str:
        """The stable DM channel id between the bot and `user_id`: one per user, never shared."""
        if user_id not in self.dms:
            self.dms[user_id] = f"D0{user_id.lstrip('UW').upper():0>8}"
        return self.dms[user_id]

    # ---- users ----------------------------------------------------------------------------

    def m_users_info(self, args: Args, team_id: str) -> Response:
        user = self.users.get(args["user"])
        if user is None:
            raise SlackError("user_not_found")
        return {"user": user}

    def m_users_lookupByEmail(self, args: Args, team_id: str) -> Response:
        email = str(args["email"]).lower()
        for user in self.users.values():
            if user["team_id"] == team_id and user["profile"].get("email", "").lower() == email:
                return {"user": user}
        raise SlackError("users_not_found")

    def m_users_list(self, args: Args, team_id: str) -> Response:
        members = [u for u in self.users.values() if u["team_id"] == team_id]
        start = 0
        if cursor := args.get("cursor"):
            try:
                after = base64.b64decode(cursor).decode().removeprefix("user:")
                start = [u["id"] for u in members].index(after)
            except ValueError as error:
                raise SlackError("invalid_cursor") from error
        limit = int(args.get("limit") or 0) or len(members)
        page = members[start : start + limit]
        rest = members[start + limit :]
        next_cursor = base64.b64encode(f"user:{rest[0]['id']}".encode()).decode() if rest else ""
        return {
            "members": page,
            "cache_ts": int(self.wall_clock()),
            "response_metadata": {"next_cursor": next_cursor},
        }

    def m_users_profile_get(self, args: Args, team_id: str) -> Response:
        user = self.users.get(args.get("user") or self.bot_user_id)
        if user is None:
            raise SlackError("user_not_found")
        fields = self.profile_fields.get(user["id"]) or {}
        custom = {field: {"value": value, "alt": ""} for field, value in fields.items()}
        return {"profile": {**user["profile"], "fields": custom}}
