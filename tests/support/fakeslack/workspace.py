"""What the fake Slack workspace holds and how each Web API method answers.

Transport, recording and faults live in `server.py`; this module (with `directory.py` for
users and channels, `messages.py` for conversations) is plain state plus one function per
method, called under the server's lock.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from typing import Any

from tests.support.fakeslack import limits
from tests.support.fakeslack.arguments import Args, Response, _blank, decode_json_fields
from tests.support.fakeslack.blockkit import check_message_blocks, check_view, slack_files
from tests.support.fakeslack.directory import APP_ID, BOT_ID, Team
from tests.support.fakeslack.errors import SlackError, invalid
from tests.support.fakeslack.messages import Messages
from tests.support.fakeslack.methods import Method
from tests.support.fakeslack.views import Views

__all__ = ["APP_ID", "BOT_ID", "FALLBACK_TEXT_METHODS", "Team", "Workspace", "decode_json_fields"]

# Methods whose `blocks` need a top-level `text` too (limits.json messages
# "top_level_text_with_blocks"; slack_sdk warns for exactly these four).
FALLBACK_TEXT_METHODS = frozenset(
    {"chat.postMessage", "chat.postEphemeral", "chat.update", "chat.scheduleMessage"}
)


class Workspace(Messages):
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
        self.channels: dict[str, bool] = {}  # channel id -> whether the bot is a member
        self.private_channels: set[str] = set()
        self.archived_channels: set[str] = set()
        self.dms: dict[str, str] = {}
        self.messages: dict[tuple[str, str], dict[str, Any]] = {}
        self.ephemerals: list[dict[str, Any]] = []
        self.scheduled: list[dict[str, Any]] = []
        self.uploads: dict[str, dict[str, Any]] = {}
        self.deleted_files: list[str] = []
        self.views = Views(clock=clock, app_id=APP_ID, bot_id=BOT_ID)
        self.base_url = ""
        self._last_ts = 0  # microseconds of the newest ts handed out
        self._ids = itertools.count(1)

    # ---- directory ------------------------------------------------------------------------
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
            problems = check_message_blocks(args["blocks"]) + self._unknown_files(args["blocks"])
            if problems:
                raise invalid("invalid_blocks", problems)
        if "view" in args:
            view = args["view"]
            problems = check_view(view)
            if not problems and isinstance(view, dict):
                problems = self._unknown_files(view.get("blocks"), path="view.blocks")
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

    def _unknown_files(self, blocks: object, *, path: str = "blocks") -> list[str]:
        """Slack shows a `slack_file` the poster can see: one uploaded here, complete, not
        deleted (else "invalid slack file [json-pointer:/blocks/0/slack_file]")."""
        return [
            f"{where}: invalid slack file {file_id!r}"
            for where, file_id in slack_files(blocks, path=path)
            if not (upload := self.uploads.get(file_id)) or not upload.get("complete")
        ]

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
            upload["complete"] = True  # without a channel: private to the bot, usable in blocks
            shared.append({"id": upload["id"], "name": upload["name"], "title": upload["title"]})
        return {"files": shared}

    def m_files_delete(self, args: Args, team_id: str) -> Response:
        upload = self.uploads.get(str(args["file"]))
        if upload is None or not upload.get("complete"):
            raise SlackError("file_not_found")
        del self.uploads[upload["id"]]
        self.deleted_files.append(upload["id"])
        return {}

    # ---- views ----------------------------------------------------------------------------

    def m_views_open(self, args: Args, team_id: str) -> Response:
        return {"view": self.views.open(args, team_id)}

    def m_views_push(self, args: Args, team_id: str) -> Response:
        return {"view": self.views.push(args, team_id)}

    def m_views_update(self, args: Args, team_id: str) -> Response:
        return {"view": self.views.update(args, team_id)}

    def m_views_publish(self, args: Args, team_id: str) -> Response:
        return {"view": self.views.publish(args, team_id)}
