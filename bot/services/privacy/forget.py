"""Forgetting conversations: what erasure and the retention sweep share.

A conversation goes together with everything hanging off it: both private notes, its action
items, and its recap and follow-up rows in the outbox (their key is the conversation id, which
SQLite may hand out again to a new conversation). Skill ratings taken in it stay as the
person's trend; only the link to the conversation is cut.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, col, delete, or_, select, update

from bot.models import ActionItem, Conversation, Delivery, PrivateNote, SkillRating, Workspace
from bot.services.conversations.recaps import KIND as RECAP_KIND
from bot.shapes.growth import add_months

# Outbox rows keyed by a conversation id: recap copies ("<id>") and follow-ups ("<id>:<n>").
FOLLOWUP_KIND = "followup"
BATCH = 500  # conversation ids per statement, well under every driver's parameter limit


def forget_conversations(*, session: Session, conversation_ids: list[int]) -> int:
    """Delete these conversations with their notes, items and outbox rows; how many went."""
    for start in range(0, len(conversation_ids), BATCH):
        _forget(session, conversation_ids[start : start + BATCH])
    return len(conversation_ids)


def _forget(session: Session, ids: list[int]) -> None:
    session.execute(delete(PrivateNote).where(col(PrivateNote.conversation_id).in_(ids)))
    session.execute(delete(ActionItem).where(col(ActionItem.conversation_id).in_(ids)))
    session.execute(
        update(SkillRating)
        .where(col(SkillRating.conversation_id).in_(ids))
        .values(conversation_id=None)
    )
    session.execute(
        delete(Delivery).where(
            or_(
                (col(Delivery.kind) == RECAP_KIND)
                & col(Delivery.period_key).in_([str(i) for i in ids]),
                (col(Delivery.kind) == FOLLOWUP_KIND)
                & or_(*(col(Delivery.period_key).startswith(f"{i}:") for i in ids)),
            )
        )
    )
    session.execute(delete(Conversation).where(col(Conversation.id).in_(ids)))


def retention_cutoff(*, months: int, today: date) -> date:
    """Conversations held before this day are older than `months` months."""
    return add_months(today, -months)


def purge_expired(*, session: Session, now: datetime) -> dict[str, int]:
    """Delete every conversation held longer ago than its workspace's retention setting.

    Idempotent: a second run at the same time finds nothing left to delete.
    """
    today = now.date()
    workspaces = session.exec(
        select(Workspace.id, Workspace.retention_months).where(
            col(Workspace.retention_months).is_not(None)
        )
    ).all()
    purged = 0
    for workspace_id, months in workspaces:
        assert months is not None
        cutoff = retention_cutoff(months=months, today=today)
        expired = session.exec(
            select(Conversation.id).where(
                Conversation.workspace_id == workspace_id, col(Conversation.held_on) < cutoff
            )
        ).all()
        purged += forget_conversations(
            session=session, conversation_ids=[i for i in expired if i is not None]
        )
    return {"workspaces": len(workspaces), "purged": purged}
