"""Past conversations of a pair, newest first, as either of the two sees them: shared only."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, or_, select

from bot.models import ActionItem, Conversation, Person
from bot.services.org.access import conversation_visible
from bot.services.org.people import find_person
from bot.shapes.conversations import Entry

MAX_ENTRIES = 10


def history(
    *, session: Session, actor: Person, partner_user_id: str, limit: int = MAX_ENTRIES
) -> tuple[list[Entry], int]:
    """The actor's conversations with that person, newest first, and how many there are;
    none the actor lost to a reporting-line change."""
    partner = find_person(
        session=session, workspace_id=actor.workspace_id, slack_user_id=partner_user_id
    )
    if partner is None or partner.id == actor.id:
        return [], 0
    pair = or_(
        (col(Conversation.employee_id) == actor.id) & (col(Conversation.partner_id) == partner.id),
        (col(Conversation.employee_id) == partner.id) & (col(Conversation.partner_id) == actor.id),
    ) & conversation_visible(actor.id or 0)
    total = session.exec(select(func.count()).select_from(Conversation).where(pair)).one()
    rows = list(
        session.exec(
            select(Conversation)
            .where(pair)
            .order_by(col(Conversation.held_on).desc(), col(Conversation.id).desc())
            .limit(limit)
        )
    )
    counts = _item_counts(session, [c.id or 0 for c in rows])
    users = {actor.id: actor.slack_user_id, partner.id: partner.slack_user_id}
    entries = [
        Entry(
            conversation_id=c.id or 0,
            held_on=c.held_on,
            kind=c.kind,
            employee_user_id=users[c.employee_id],
            shared_notes=c.shared_notes,
            items_total=counts.get(c.id or 0, (0, 0))[0],
            items_done=counts.get(c.id or 0, (0, 0))[1],
            next_on=c.next_on,
        )
        for c in rows
    ]
    return entries, int(total)


def _item_counts(session: Session, ids: list[int]) -> dict[int, tuple[int, int]]:
    if not ids:
        return {}
    rows = session.execute(
        select(
            ActionItem.conversation_id,
            func.count(),
            func.count(col(ActionItem.done_at)),
        )
        .where(col(ActionItem.conversation_id).in_(ids))
        .group_by(col(ActionItem.conversation_id))
    ).all()
    return {int(cid): (int(total), int(done)) for cid, total, done in rows}
