"""The recap DM of a saved conversation: both copies owed and sent once through the outbox,
copies posted earlier updated in place. Sent after a log is saved and after a recap's next
step is marked done."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError
from sqlmodel import Session

from bot.blocks.recap import recap_message
from bot.clock import Clock
from bot.deps import deps_of
from bot.handlers.common.acting import unit
from bot.handlers.common.sending import send_owed
from bot.outbox.send import update_now
from bot.services.conversations import recaps
from bot.shapes.conversations import Recap

logger = logging.getLogger(__name__)


def send_recap(
    client: WebClient,
    context: Any,
    conversation_id: int,
    *,
    now: datetime,
    clock: Clock | None = None,
) -> None:
    """Owe each person their copy and send it now through the outbox; update posted copies.

    A copy posted earlier is updated in place (chat.update is idempotent, so the request
    client's retries are harmless there); one that was never posted is sent by the
    dispatcher's rules, or by the next `deliver` run when that fails now.
    """

    def owe(
        session: Session,
    ) -> tuple[Recap, dict[str, recaps.Message], dict[str, recaps.Copy]]:
        recap = recaps.recap_of(session=session, conversation_id=conversation_id)
        messages = {r: recap_message(recap, recipient_user_id=r) for r in recap.recipients}
        return (
            recap,
            messages,
            recaps.owe_copies(session=session, recap=recap, messages=messages, now=now),
        )

    recap, messages, before = unit(context, owe)
    unsent = [copy.id for copy in before.values() if copy.state == "pending"]
    deps = deps_of(context)
    history_check = deps.settings.history_check
    send_owed(
        client, deps.engine, unsent, clock=clock or (lambda: now), history_check=history_check
    )
    after = unit(context, lambda s: recaps.copies(session=s, recap=recap))
    for recipient, (text, blocks) in messages.items():
        copy, earlier = after.get(recipient), before.get(recipient)
        # A copy just posted carries this text already; one found after a lost answer may not.
        stale = earlier is not None and (earlier.posted or earlier.unconfirmed)
        if copy is None or not copy.posted or not stale:
            continue
        assert copy.channel is not None and copy.ts is not None
        try:
            update_now(client, channel=copy.channel, ts=copy.ts, text=text, blocks=blocks)
        except (SlackClientError, OSError):
            logger.warning("Could not update the recap of %s for %s", conversation_id, recipient)
