"""Action items: next steps from a conversation, owned by one of its two people."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from bot.models import ActionItem, Conversation
from bot.services import NotAllowed
from bot.services.org.access import conversation_visible


def complete(*, session: Session, actor_id: int, item_id: int, now: datetime) -> ActionItem:
    """Mark an item done; only the two people of its conversation may (while they have it)."""
    row = session.execute(
        select(ActionItem, Conversation)
        .join(Conversation, col(Conversation.id) == ActionItem.conversation_id)
        .where(col(ActionItem.id) == item_id, conversation_visible(actor_id))
    ).first()
    if row is None or actor_id not in {row[1].employee_id, row[1].partner_id}:
        raise NotAllowed("not a party to this conversation")
    item: ActionItem = row[0]
    if item.done_at is None:
        item.done_at = now
        session.add(item)
    return item
