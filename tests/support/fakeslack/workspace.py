"""What the fake Slack workspace holds and how each Web API method answers.

Transport, recording and faults live in `server.py`; this module is plain state plus one
function per method, called under the server's lock.
"""

from __future__ import annotations

import base64
import itertools
import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from tests.support.fakeslack import limits
from tests.support.fakeslack.blockkit import check_message_blocks, check_view
from tests.support.fakeslack.errors import SlackError, invalid
from tests.support.fakeslack.methods import Method
from tests.support.fakeslack.views import Views

Args = dict[str, Any]
Response = dict[str, Any]

# Methods whose `blocks` need a top-level `text` too (limits.json messages
# "top_level_text_with_blocks"; slack_sdk warns for exactly these four).
FALLBACK_TEXT_METHODS = frozenset(
    {"chat.postMessage", "chat.postEphemeral", "chat.update", "chat.scheduleMessage"}
)

APP_ID = "A0APP00001"
BOT_ID = "B0BOT00001"


@dataclass
class Team:
    id: str
    name: str


class Workspace:
    """Users, channels, messages, files and views of the fake, with the methods that use them."""

    def __init__(
        self,
        *,
        team: Team,
        bot_user_id: str,
        clock: Callable[[], float],
        wall_clock: Callable[[], float] | None = None,
    ) -> None:
        self.team = team
        self.teams: dict[str, Team] = {team.id: team}
        self.bot_user_id = bot_user_id
        self.wall_clock = wall_clock or (lambda: time.time())
        self.users: dict[str, dict[str, Any]] = {}
        # Custom profile fields (id -> value): only users.profile.get shows them, as Slack does.
        self.profile_fields: dict[str, dict[str, str]] = {}
        self.channels: dict[str, bool] = {}
        self.dms: dict[str, str] = {}
        self.messages: dict[tuple[str, str], dict[str, Any]] = {}
        self.ephemerals: list[dict[str, Any]] = []
        self.scheduled: list[dict[str, Any]] = []
        self.uploads: dict[str, dict[str, Any]] = {}
        self.views = Views(clock=clock, app_id=APP_ID, bot_id=BOT_ID)
        self.base_url = ""
        self._last_ts = 0  # microseconds of the newest ts handed out
        self._ids = itertools.count(1)

    # ---- directory ------------------------------------------------------------------------

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

    def add_channel(self, channel_id: str, *, members_bot: bool = True) -> None:
        self.channels[channel_id] = members_bot

    def dm_channel(self, user_id: str) -> str:
        """The stable DM channel id between the bot and `user_id`: one per user, never shared."""
        if user_id not in self.dms:
            self.dms[user_id] = f"D0{user_id.lstrip('UW').upper():0>8}"
        return self.dms[user_id]

    # ---- dispatch -------------------------------------------------------------------------

    def handle(self, spec: Method, args: Args, team_id: str) -> tuple[Response, list[str]]:
        """Answer one call; returns the response and the violations it found on success."""
        warnings = self._check_arguments(spec, args)
        handler: Callable[[Args, str], Response] = getattr(self, "m_" + spec.name.replace(".", "_"))
        return {"ok": True, **handler(args, team_id)}, warnings

    def _check_arguments(self, spec: Method, args: Args) -> list[str]:
        for name in spec.required:
            if _blank(args.get(name)):
                raise SlackError(spec.missing_error(name), f"missing required argument {name!r}")
        for group in spec.one_of:
            if all(_blank(args.get(name)) for name in group):
                raise SlackError(spec.missing_error(group[0]), f"needs one of {', '.join(group)}")
        if "blocks" in args and spec.name in FALLBACK_TEXT_METHODS:
            problems = check_message_blocks(args["blocks"])
            if problems:
                raise invalid("invalid_blocks", problems)
        if "view" in args:
            problems = check_view(args["view"])
            if problems:
                raise invalid("invalid_arguments", problems)
        attachments = args.get("attachments")
        if isinstance(attachments, list) and len(attachments) > limits.ATTACHMENTS_MAX:
            raise SlackError("too_many_attachments", f"{len(attachments)} attachments")
        fallback_missing = not _blank(args.get("blocks")) and _blank(args.get("text"))
        if spec.name in FALLBACK_TEXT_METHODS and fallback_missing:
            # Slack accepts it, but notifications and screen readers get nothing to show.
            return ["blocks without a fallback top-level `text`"]
        return []

    # ---- auth / team ----------------------------------------------------------------------

    def m_auth_test(self, args: Args, team_id: str) -> Response:
        team = self.teams[team_id]
        return {
            "url": f"https://{team.name.lower()}.slack.com/",
            "team": team.name,
            "user": "career-bot",
            "team_id": team.id,
            "user_id": self.bot_user_id,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def m_team_info(self, args: Args, team_id: str) -> Response:
        team = self.teams.get(args.get("team") or team_id)
        if team is None:
            raise SlackError("team_not_found")
        domain = team.name.lower()
        return {"team": {"id": team.id, "name": team.name, "domain": domain, "icon": {}}}

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

    # ---- conversations and messages -------------------------------------------------------

    def m_conversations_open(self, args: Args, team_id: str) -> Response:
        if channel := args.get("channel"):
            if channel not in self.dms.values():
                raise SlackError("channel_not_found")
            return {"channel": {"id": channel}}
        users = [u.strip() for u in str(args["users"]).split(",") if u.strip()]
        if len(users) != 1:
            raise SlackError("not_implemented", "the fake opens DMs with exactly one user")
        if users[0] not in self.users:
            raise SlackError("user_not_found")
        already = users[0] in self.dms
        channel_id = self.dm_channel(users[0])
        return {"no_op": already, "already_open": already, "channel": {"id": channel_id}}

    def resolve_channel(self, channel: str) -> str:
        if channel[:1] in ("U", "W"):
            if channel not in self.users:
                raise SlackError("channel_not_found")
            return self.dm_channel(channel)
        if channel.startswith("D"):
            if channel not in self.dms.values():
                raise SlackError("channel_not_found")
            return channel
        if channel not in self.channels:
            raise SlackError("channel_not_found")
        if not self.channels[channel]:
            raise SlackError("not_in_channel")
        return channel

    def _message(self, args: Args, ts: str, team_id: str) -> dict[str, Any]:
        message: dict[str, Any] = {
            "type": "message",
            "user": self.bot_user_id,
            "bot_id": BOT_ID,
            "app_id": APP_ID,
            "team": team_id,
            "text": args.get("text") or "",
            "ts": ts,
        }
        for key in ("blocks", "attachments", "thread_ts", "metadata"):
            if key in args:
                message[key] = args[key]
        return message

    def next_ts(self) -> str:
        """A message ts as Slack makes it: the post's time, unique and increasing."""
        micros = max(int(self.wall_clock() * 1_000_000), self._last_ts + 1)
        self._last_ts = micros
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def next_id(self, prefix: str) -> str:
        return f"{prefix}0{next(self._ids):08d}"

    def m_chat_postMessage(self, args: Args, team_id: str) -> Response:
        channel = self.resolve_channel(str(args["channel"]))
        _check_metadata(args)
        ts = self.next_ts()
        message = self._message(args, ts, team_id)
        self.messages[(channel, ts)] = {**message, "channel": channel}
        return {"channel": channel, "ts": ts, "message": message}

    def m_conversations_history(self, args: Args, team_id: str) -> Response:
        """Messages of one conversation, newest first, within oldest/latest, paginated."""
        channel = str(args["channel"])
        if channel[:1] in ("U", "W"):
            raise SlackError("channel_not_found", "history takes a conversation id, not a user")
        channel = self.resolve_channel(channel)
        oldest = _ts_arg(args.get("oldest"), "invalid_ts_oldest", 0.0)
        latest = _ts_arg(args.get("latest"), "invalid_ts_latest", math.inf)
        inclusive = _truthy(args.get("inclusive"))

        def within(ts: float) -> bool:
            if inclusive:
                return oldest <= ts <= latest
            return oldest < ts < latest

        found = sorted(
            (m for (c, ts), m in self.messages.items() if c == channel and within(float(ts))),
            key=lambda m: float(m["ts"]),
            reverse=True,
        )
        limit = min(999, max(1, int(args.get("limit") or 100)))
        start = 0
        if cursor := args.get("cursor"):
            try:
                start = int(base64.b64decode(cursor).decode().removeprefix("offset:"))
            except ValueError as error:
                raise SlackError("invalid_cursor") from error
        page = found[start : start + limit]
        more = start + limit < len(found)
        with_metadata = _truthy(args.get("include_all_metadata"))
        messages = [
            {k: v for k, v in m.items() if k != "channel" and (with_metadata or k != "metadata")}
            for m in page
        ]
        next_cursor = base64.b64encode(f"offset:{start + limit}".encode()).decode() if more else ""
        return {
            "messages": messages,
            "has_more": more,
            "pin_count": 0,
            "response_metadata": {"next_cursor": next_cursor},
        }

    def m_chat_postEphemeral(self, args: Args, team_id: str) -> Response:
        channel = self.resolve_channel(str(args["channel"]))
        if args["user"] not in self.users:
            raise SlackError("user_not_in_channel")
        ts = self.next_ts()
        message = self._message(args, ts, team_id)
        self.ephemerals.append({**message, "channel": channel, "to_user": args["user"]})
        return {"message_ts": ts}

    def _existing(self, args: Args) -> tuple[str, str]:
        key = (self.resolve_channel(str(args["channel"])), str(args["ts"]))
        if key not in self.messages:
            raise SlackError("message_not_found")
        return key

    def m_chat_update(self, args: Args, team_id: str) -> Response:
        channel, ts = self._existing(args)
        message = {**self._message(args, ts, team_id), "edited": {"user": self.bot_user_id}}
        self.messages[(channel, ts)] = {**message, "channel": channel}
        return {"channel": channel, "ts": ts, "text": message["text"], "message": message}

    def m_chat_delete(self, args: Args, team_id: str) -> Response:
        channel, ts = self._existing(args)
        del self.messages[(channel, ts)]
        return {"channel": channel, "ts": ts}

    def m_chat_scheduleMessage(self, args: Args, team_id: str) -> Response:
        channel = self.resolve_channel(str(args["channel"]))
        try:
            post_at = int(float(args["post_at"]))
        except (TypeError, ValueError) as error:
            raise SlackError("invalid_time", f"post_at {args['post_at']!r}") from error
        now = self.wall_clock()
        if post_at < math.floor(now):
            raise SlackError("time_in_past", f"post_at {post_at} is before now ({now:.0f})")
        if post_at > now + limits.SCHEDULE_MAX_FUTURE_DAYS * 86400:
            raise SlackError("time_too_far", f"post_at {post_at} is > 120 days ahead")
        scheduled_id = self.next_id("Q")
        message = self._message(args, "", team_id)
        self.scheduled.append(
            {**message, "channel": channel, "post_at": post_at, "id": scheduled_id}
        )
        return {
            "channel": channel,
            "scheduled_message_id": scheduled_id,
            "post_at": post_at,
            "message": message,
        }

    # ---- files ----------------------------------------------------------------------------

    def m_files_getUploadURLExternal(self, args: Args, team_id: str) -> Response:
        if int(args["length"]) <= 0:
            raise SlackError("missing_argument", "length must be > 0")
        file_id = self.next_id("F")
        self.uploads[file_id] = {"id": file_id, "name": args["filename"], "content": None}
        return {"upload_url": f"{self.base_url}upload/{file_id}", "file_id": file_id}

    def m_files_completeUploadExternal(self, args: Args, team_id: str) -> Response:
        files = args["files"]
        if not isinstance(files, list) or not all(isinstance(f, dict) for f in files):
            raise SlackError("invalid_arguments", "files must be a JSON array of objects")
        shared = []
        for entry in files:
            upload = self.uploads.get(str(entry.get("id")))
            if upload is None or upload["content"] is None:
                raise SlackError("file_not_found", f"file {entry.get('id')!r} was not uploaded")
            upload["title"] = entry.get("title") or upload["name"]
            if channel := args.get("channel_id"):
                upload["channel"] = self.resolve_channel(str(channel))
            upload["initial_comment"] = args.get("initial_comment")
            shared.append({"id": upload["id"], "name": upload["name"], "title": upload["title"]})
        return {"files": shared}

    # ---- views ----------------------------------------------------------------------------

    def m_views_open(self, args: Args, team_id: str) -> Response:
        return {"view": self.views.open(args, team_id)}

    def m_views_push(self, args: Args, team_id: str) -> Response:
        return {"view": self.views.push(args, team_id)}

    def m_views_update(self, args: Args, team_id: str) -> Response:
        return {"view": self.views.update(args, team_id)}

    def m_views_publish(self, args: Args, team_id: str) -> Response:
        return {"view": self.views.publish(args, team_id)}


def _check_metadata(args: Args) -> None:
    """Message metadata is an object with a string event_type and an object event_payload."""
    if "metadata" not in args:
        return
    metadata = args["metadata"]
    if not (
        isinstance(metadata, dict)
        and isinstance(metadata.get("event_type"), str)
        and isinstance(metadata.get("event_payload"), dict)
    ):
        raise SlackError("invalid_metadata_format", f"metadata {metadata!r}")


def _ts_arg(value: object, error: str, default: float) -> float:
    if value in (None, ""):
        return default
    try:
        return float(str(value))
    except ValueError as problem:
        raise SlackError(error, f"{value!r} is not a timestamp") from problem


def _truthy(value: object) -> bool:
    return str(value).lower() in ("1", "true")


def _blank(value: object) -> bool:
    return value is None or value == "" or value == []


def decode_json_fields(args: Args) -> Args:
    """slack_sdk and form posts send blocks/view/... as JSON strings; decode them."""
    decoded = dict(args)
    for key in ("blocks", "attachments", "view", "files", "metadata"):
        value = decoded.get(key)
        if isinstance(value, str) and value.strip()[:1] in ("[", "{"):
            try:
                decoded[key] = json.loads(value)
            except json.JSONDecodeError as error:
                raise SlackError(
                    "invalid_blocks_format" if key == "blocks" else "invalid_arguments",
                    f"{key} is not valid JSON: {error}",
                ) from error
    return decoded
