"""`/career-prep export` and `/career-prep delete`: the person's own record, to keep or erase.

Both act on the person who sent the request, from Slack's signed payload; the delete
button's value only says whose record it was offered for, and must be the clicker's own.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.blocks.command_words import COMMAND
from bot.blocks.data_rights import (
    DELETED,
    EXPORT_FAILED,
    NOT_YOURS,
    PREPARING,
    delete_confirmation,
    export_comment,
)
from bot.blocks.export import markdown_of
from bot.blocks.ids import DataRights as Ids
from bot.blocks.replies import EXPORT_JSON_TITLE, EXPORT_MARKDOWN_TITLE
from bot.db_wal import empty_wal
from bot.deps import deps_of
from bot.handlers.common.acting import act, unit
from bot.handlers.common.routing import actor_id, load_actor, record_id, subcommand, tell
from bot.models import Person
from bot.services.privacy.erase import erase, preview
from bot.services.privacy.export import record_of
from bot.services.privacy.export_values import Record
from bot.shapes.privacy import Preview
from bot.slack.files import delete_files

logger = logging.getLogger(__name__)


def register(app: App) -> None:
    app.command(COMMAND, matchers=[subcommand("export")])(export_record)
    app.command(COMMAND, matchers=[subcommand("delete")])(offer_delete)
    app.action(Ids.DELETE_CONFIRM)(confirm_delete)


def export_record(
    ack: Ack, client: WebClient, context: BoltContext, respond: Respond | None
) -> None:
    """Say it is on its way at once, then upload the Markdown and JSON files to their DM."""
    ack(text=PREPARING, response_type="ephemeral")
    now = deps_of(context).clock()

    def record_and_user(session: Session) -> tuple[Record, str]:
        person = load_actor(session, context)
        return record_of(session=session, person=person, now=now), person.slack_user_id

    record, user = unit(context, record_and_user)
    stem = f"career-record-{now.date().isoformat()}"
    try:
        channel = str(client.conversations_open(users=user)["channel"]["id"])
        client.files_upload_v2(
            channel=channel,
            file_uploads=[
                {
                    "content": markdown_of(record),
                    "filename": f"{stem}.md",
                    "title": EXPORT_MARKDOWN_TITLE,
                },
                {
                    "content": json.dumps(record, indent=2, ensure_ascii=False),
                    "filename": f"{stem}.json",
                    "title": EXPORT_JSON_TITLE,
                },
            ],
            initial_comment=export_comment(
                preps=len(record["preps"]),
                goals=len(record["goals"]),
                skills=len(record["skills"]),
                conversations=len(record["conversations"]),
            ),
        )
    except SlackApiError as error:
        logger.warning("Could not upload the export of %s: %s", user, error.response.get("error"))
        if respond is not None:
            respond(text=EXPORT_FAILED, response_type="ephemeral", replace_original=False)


def offer_delete(ack: Ack, context: BoltContext) -> None:
    """What would be erased, and the button that erases it (behind a confirm dialog)."""

    def person_and_preview(session: Session) -> tuple[Person, Preview]:
        person = load_actor(session, context)
        return person, preview(session=session, person=person)

    person, found = unit(context, person_and_preview)
    text, blocks = delete_confirmation(found, person_id=person.id or 0)
    ack(text=text, blocks=blocks, response_type="ephemeral")


def confirm_delete(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    respond: Respond | None,
) -> None:
    ack()
    deps = deps_of(context)
    erased = act(
        context,
        lambda s: erase(
            session=s, actor_id=actor_id(context), person_id=record_id(action), now=deps.clock()
        ),
        refused=lambda: tell(respond, body, NOT_YOURS),
    )
    if erased is None:
        return
    # Their skill chart's pictures go from Slack too (the rows went with the record).
    delete_files(client, erased.chart_files)
    if not empty_wal(deps.engine):
        logger.warning(
            "Readers held up emptying the SQLite write-ahead log after an erase: old copies of "
            "the record stay in its -wal file until the log next restarts"
        )
    # Counts only: the log must not name the person who just asked to be forgotten.
    logger.info(
        "Erased a record: %d conversations, kept as a tombstone: %s",
        erased.conversations,
        erased.person_kept_as_tombstone,
    )
    if respond is not None and body.get("response_url"):
        # Replacing the question removes its button: there is nothing left to delete.
        respond(text=DELETED, response_type="ephemeral", replace_original=True)
