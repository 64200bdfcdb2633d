"""The Slack Web API methods the bot calls: required arguments, rate tier, token kind.

Facts are ours, written down from Slack's reference; each entry names its source.
`REF` = slack-ruby/slack-api-ref `docs.slack.dev/methods/<method>.json` (community scrape of
docs.slack.dev, in ../shared/slack-reference/slack-api-ref/docs.slack.dev-methods/).
`DOCS` = docs.slack.dev/reference/methods/<method> page, read through the search tool because
the reference folder has no file for that method.

`token` is required by every method but slack_sdk sends it as `Authorization: Bearer`, so it
is not listed as an argument. `tests/support_tests/fakeslack/test_methods_reference.py`
cross-checks this table against the reference folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Tier = Literal[1, 2, 3, 4, "special"]

# Any one of these carries a message's content; Slack answers `no_text` when none is given
# (REF chat.postMessage args.text "How this field works ... depends on other fields", errors).
MESSAGE_CONTENT = ("text", "blocks", "attachments", "markdown_text")


@dataclass(frozen=True)
class Method:
    """One Web API method as the fake enforces it."""

    name: str
    required: tuple[str, ...]
    tier: Tier
    source: str
    one_of: tuple[tuple[str, ...], ...] = ()
    # "client": no token; the app's client_id and client_secret (HTTP Basic auth) instead.
    token: Literal["bot", "app", "client"] = "bot"
    # Error Slack answers when a required argument is missing (default invalid_arguments).
    missing_errors: tuple[tuple[str, str], ...] = ()

    def missing_error(self, arg: str) -> str:
        return dict(self.missing_errors).get(arg, "invalid_arguments")


_CHAT_MISSING = (("channel", "channel_not_found"), ("text", "no_text"))

METHODS: dict[str, Method] = {
    m.name: m
    for m in (
        Method("auth.test", (), "special", "REF auth.test.json (rate_limits t5)"),
        Method(
            "chat.postMessage",
            ("channel",),
            "special",
            "REF chat.postMessage.json (rate_limits t5: ~1 msg/s/channel)",
            one_of=(MESSAGE_CONTENT,),
            missing_errors=_CHAT_MISSING,
        ),
        Method(
            "chat.postEphemeral",
            ("user", "channel"),
            4,
            "REF chat.postEphemeral.json",
            one_of=(MESSAGE_CONTENT,),
            missing_errors=(*_CHAT_MISSING, ("user", "user_not_in_channel")),
        ),
        Method(
            "chat.update",
            ("ts", "channel"),
            3,
            "REF chat.update.json",
            missing_errors=(("channel", "channel_not_found"), ("ts", "message_not_found")),
        ),
        Method(
            "chat.delete",
            ("channel", "ts"),
            3,
            "DOCS docs.slack.dev/reference/methods/chat.delete (Tier 3); OpenAPI spec has "
            "the path but marks no argument required (stale)",
            missing_errors=(("channel", "channel_not_found"), ("ts", "message_not_found")),
        ),
        Method(
            "chat.scheduleMessage",
            ("channel", "post_at"),
            3,
            "REF chat.scheduleMessage.json",
            one_of=(MESSAGE_CONTENT,),
            missing_errors=(*_CHAT_MISSING, ("post_at", "invalid_time")),
        ),
        Method(
            "conversations.open",
            (),
            3,
            "REF conversations.open.json ('provide the users field instead' of channel)",
            one_of=(("users", "channel"),),
            missing_errors=(("users", "users_list_not_supplied"),),
        ),
        Method(
            "conversations.history",
            ("channel",),
            3,
            "DOCS docs.slack.dev/reference/methods/conversations.history (Tier 3 for internal "
            "and Marketplace apps; commercially distributed non-Marketplace apps: 1/min and "
            "limit <= 15 since 2025-05-29; args oldest, latest, inclusive, limit, cursor, "
            "include_all_metadata); OpenAPI /conversations.history (channel_not_found)",
            missing_errors=(("channel", "channel_not_found"),),
        ),
        Method(
            "conversations.info",
            ("channel",),
            3,
            "DOCS docs.slack.dev/reference/methods/conversations.info (Tier 3; channels:read, "
            "groups:read for private channels, which stay hidden unless the app is in them); "
            "OpenAPI /conversations.info (channel_not_found)",
            missing_errors=(("channel", "channel_not_found"),),
        ),
        Method(
            "views.open",
            ("view",),
            4,
            "REF views.open.json (trigger_id or interactivity_pointer)",
            one_of=(("trigger_id", "interactivity_pointer"),),
        ),
        Method(
            "views.push",
            ("view",),
            4,
            "REF views.push.json (trigger_id or interactivity_pointer)",
            one_of=(("trigger_id", "interactivity_pointer"),),
        ),
        Method(
            "views.update",
            ("view",),
            4,
            "REF views.update.json ('Either view_id or external_id is required')",
            one_of=(("view_id", "external_id"),),
        ),
        Method("views.publish", ("user_id", "view"), 4, "REF views.publish.json"),
        Method(
            "users.info",
            ("user",),
            4,
            "REF users.info.json",
            missing_errors=(("user", "user_not_found"),),
        ),
        Method("users.lookupByEmail", ("email",), 3, "REF users.lookupByEmail.json"),
        Method("users.list", (), 2, "REF users.list.json"),
        Method(
            "users.profile.get",
            (),
            4,
            "DOCS docs.slack.dev/reference/methods/users.profile.get (user optional, Tier 4); "
            "OpenAPI spec /users.profile.get",
        ),
        Method("team.info", (), 3, "REF team.info.json"),
        Method(
            "apps.connections.open",
            (),
            1,
            "DOCS api.slack.com/methods/apps.connections.open (Tier 1; app-level token in "
            "the Authorization header only)",
            token="app",
        ),
        Method(
            "oauth.v2.access",
            ("code",),
            4,
            "OpenAPI web-api/slack_web_openapi_v2.json /oauth.v2.access (code required); DOCS "
            "docs.slack.dev/reference/methods/oauth.v2.access (Tier 4; client_id and "
            "client_secret by HTTP Basic auth; errors invalid_code, bad_client_secret, "
            "invalid_client_id)",
            token="client",
            missing_errors=(("code", "invalid_code"),),
        ),
        Method(
            "files.getUploadURLExternal",
            ("filename", "length"),
            4,
            "DOCS docs.slack.dev/reference/methods/files.getUploadURLExternal (Tier 4)",
            missing_errors=(("length", "missing_argument"),),
        ),
        Method(
            "files.completeUploadExternal",
            ("files",),
            4,
            "DOCS docs.slack.dev/reference/methods/files.completeUploadExternal (Tier 4)",
        ),
        Method(
            "files.delete",
            ("file",),
            3,
            "DOCS docs.slack.dev/reference/methods/files.delete (Tier 3; bot scope files:write; "
            "errors file_not_found, file_deleted, cant_delete_file)",
        ),
    )
}

# Methods with no file in slack-api-ref/docs.slack.dev-methods; their facts come from DOCS.
NOT_IN_REFERENCE_FOLDER = frozenset(
    {
        "chat.delete",
        "conversations.history",
        "conversations.info",
        "users.profile.get",
        "apps.connections.open",
        "files.getUploadURLExternal",
        "files.completeUploadExternal",
        "files.delete",
        "oauth.v2.access",
    }
)
