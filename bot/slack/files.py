"""Chart pictures in Slack: uploaded without a channel (the bot's own file, which an image
block may show by its id) and deleted when no longer wanted. One try each, never raising: a
picture that cannot be uploaded is shown as text instead, and a file that cannot be deleted
is logged."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.slack.client import outbox_twin

log = logging.getLogger(__name__)


def upload_png(client: WebClient, content: bytes, *, filename: str, title: str) -> str | None:
    """Upload a PNG privately (no channel: files:write is all it needs); its file id, or None."""
    try:
        # Tried once: a retry after a lost answer would only leave a second, unused file.
        response = outbox_twin(client).files_upload_v2(
            content=content, filename=filename, title=title
        )
    except (SlackClientError, OSError) as error:
        log.warning("chart upload failed (%s): shown as text", error)
        return None
    file = response.get("file") or {}
    file_id = file.get("id")
    return str(file_id) if file_id else None


def delete_files(client: WebClient, file_ids: Iterable[str]) -> int:
    """files.delete each file the bot uploaded; how many Slack confirmed deleted."""
    deleted = 0
    for file_id in file_ids:
        try:
            outbox_twin(client).files_delete(file=file_id)
            deleted += 1
        except (SlackClientError, OSError) as error:
            log.warning("could not delete chart file %s in Slack (%s)", file_id, error)
    return deleted
