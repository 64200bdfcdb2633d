"""A sent prep as both people see it, and the partner's briefing when the employee shared it.

Read-only and apart from the drafts: what the partner may be shown is decided by `access`
(their own conversations with the employee, goals they may see), never by the prep itself.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.models import ActionItem, Conversation, Goal, Person, Prep
from bot.services.org.access import conversation_visible, goal_visible
from bot.shapes.prep import Agenda, Briefing, Line

BRIEFING_LIMIT = 10  # goals and action items listed for the partner; the rest are counted
RECAP_LIMIT = 1500  # characters of the last shared notes quoted for the partner
ITEM_LIMIT = 300  # characters of one action item listed for the partner


def agenda_of(*, session: Session, prep_id: int) -> Agenda:
    prep = session.get(Prep, prep_id)
    assert prep is not None and prep.partner_id is not None
    employee, partner = session.get(Person, prep.person_id), session.get(Person, prep.partner_id)
    assert employee is not None and partner is not None
    return Agenda(
        employee_user_id=employee.slack_user_id,
        partner_user_id=partner.slack_user_id,
        shared=prep.shared,
        answers=dict(prep.answers),
    )


def briefing_for(*, session: Session, prep_id: int) -> Briefing:
    """The employee's active goals, and from this pair's own conversations only (shared notes
    and action items belong to the two people of a conversation) open items and the last recap.

    Nothing the partner lost to a reporting-line change, and no goal from before they became
    the employee's manager that the employee has not passed on (see `access`).
    """
    prep = session.get(Prep, prep_id)
    assert prep is not None and prep.partner_id is not None
    employee_id, partner_id = prep.person_id, prep.partner_id
    active = (
        col(Goal.person_id) == employee_id,
        col(Goal.status) == "active",
        goal_visible(partner_id),
    )
    goals = session.exec(
        select(Goal)
        .where(*active)
        .order_by(col(Goal.target_on), col(Goal.id))
        .limit(BRIEFING_LIMIT)
    ).all()
    pair = (
        col(Conversation.employee_id) == employee_id,
        col(Conversation.partner_id) == partner_id,
        conversation_visible(partner_id),
    )
    open_items = (
        *pair,
        col(ActionItem.owner_id) == employee_id,
        col(ActionItem.done_at).is_(None),
    )
    items_query = select(ActionItem).join(
        Conversation, col(Conversation.id) == ActionItem.conversation_id
    )
    items = session.exec(
        items_query.where(*open_items)
        .order_by(col(ActionItem.due_on).is_(None), col(ActionItem.due_on), col(ActionItem.id))
        .limit(BRIEFING_LIMIT)
    ).all()
    last = session.exec(
        select(Conversation).where(*pair).order_by(col(Conversation.held_on).desc()).limit(1)
    ).first()
    return Briefing(
        goals=[Line(g.title, g.target_on, g.horizon) for g in goals],
        goals_total=_count(session, select(func.count()).select_from(Goal).where(*active)),
        items=[Line(_shorten(i.body, ITEM_LIMIT), i.due_on) for i in items],
        items_total=_count(
            session,
            select(func.count())
            .select_from(ActionItem)
            .join(Conversation, col(Conversation.id) == ActionItem.conversation_id)
            .where(*open_items),
        ),
        last_held_on=last.held_on if last else None,
        last_notes=_shorten(last.shared_notes if last else "", RECAP_LIMIT),
        conversations_together=_count(
            session, select(func.count()).select_from(Conversation).where(*pair)
        ),
    )


def _count(session: Session, query: Any) -> int:
    return int(session.exec(query).one())


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
