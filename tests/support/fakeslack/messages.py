"""Conversations and messages in the fake Slack workspace: DMs opened, messages posted,
updated, deleted, scheduled and read back from history."""

from __future__ import annotations

import base64
import itertools
import math
from typing import Any

from tests.support.fakeslack import limits
from tests.support.fakeslack.arguments import Args, Response, _check_metadata, _truthy, _ts_arg
from tests.support.fakeslack.directory import APP_ID, BOT_ID, Directory
from tests.support.fakeslack.errors import SlackError


class Messages(Directory):
    """The chat.* and conversations.* methods, over the workspace's messages."""

    messages: dict[tuple[str, str], dict[str, Any]]
    ephemerals: list[dict[str, Any]]
    scheduled: list[dict[str, Any]]
    _last_ts: int
    _ids: itertools.count[int]

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
