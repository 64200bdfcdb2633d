"""What a handover can pass on from before a reporting-line change, and what it did pass on.

Queries only: the counts the employee's question offers (`offer_of`) and the goals, last recap
and open next steps the new manager's introduction lists (`passed_on`). Both look only at what
is from before the change and not already with the new manager.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, func
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from bot.models import ActionItem, Conversation, Goal, Handover, Person
from bot.shapes.org import Offer, Passed

MAX_LISTED = 10  # goals and next steps named in the introduction; the rest are counted
NOTES_LIMIT = 1500


def passed_on(*, session: Session, handover: Handover) -> Passed:
    """What an answered handover lets the new manager see from before the change."""
    employee = session.get(Person, handover.person_id)
    manager = session.get(Person, handover.new_manager_id)
    assert employee is not None and manager is not None
    goals: list[str] = []
    goals_total = 0
    if handover.share_goals:
        goals = [g.title for g in session.exec(_active_goals(handover).limit(MAX_LISTED))]
        goals_total = _count(session, _active_goals(handover))
    recap = _last_recap(session, handover) if handover.share_recap else None
    items: list[tuple[str, date | None]] = []
    items_total = 0
    if handover.share_items:
        listed = session.exec(_open_items(handover).limit(MAX_LISTED))
        items = [(i.body, i.due_on) for i in listed]
        items_total = _count(session, _open_items(handover))
    notes = recap.shared_notes if recap else ""
    return Passed(
        employee_user_id=employee.slack_user_id,
        new_manager_user_id=manager.slack_user_id,
        goals=goals,
        goals_total=goals_total,
        recap_on=recap.held_on if recap else None,
        recap_notes=notes if len(notes) <= NOTES_LIMIT else notes[: NOTES_LIMIT - 1] + "…",
        items=items,
        items_total=items_total,
    )


def offer_of(*, session: Session, handover: Handover) -> Offer:
    """How much there is to pass on, for the question."""
    people = {
        p.id: p.slack_user_id
        for p in session.exec(
            select(Person).where(
                col(Person.id).in_(
                    [handover.person_id, handover.old_manager_id, handover.new_manager_id]
                )
            )
        )
    }
    recap = _last_recap(session, handover)
    assert handover.id is not None and handover.old_manager_id is not None
    return Offer(
        handover_id=handover.id,
        employee_user_id=people[handover.person_id],
        old_manager_user_id=people[handover.old_manager_id],
        new_manager_user_id=people[handover.new_manager_id],
        goals=_count(session, _active_goals(handover)),
        last_recap_on=recap.held_on if recap else None,
        items=_count(session, _open_items(handover)),
    )


def _before_change(handover: Handover) -> ColumnElement[bool]:
    """The employee's manager conversations from before the change, not with the new manager."""
    return and_(
        col(Conversation.employee_id) == handover.person_id,
        col(Conversation.kind) == "manager",
        col(Conversation.created_at) < handover.asked_at,
        col(Conversation.partner_id) != handover.new_manager_id,
    )


def _active_goals(handover: Handover) -> SelectOfScalar[Goal]:
    return (
        select(Goal)
        .where(
            Goal.person_id == handover.person_id,
            Goal.status == "active",
            col(Goal.created_at) < handover.asked_at,
        )
        .order_by(col(Goal.target_on), col(Goal.id))
    )


def _open_items(handover: Handover) -> SelectOfScalar[ActionItem]:
    return (
        select(ActionItem)
        .join(Conversation, col(Conversation.id) == col(ActionItem.conversation_id))
        .where(
            _before_change(handover),
            col(ActionItem.owner_id) == handover.person_id,
            col(ActionItem.done_at).is_(None),
        )
        .order_by(col(ActionItem.due_on).is_(None), col(ActionItem.due_on), col(ActionItem.id))
    )


def _last_recap(session: Session, handover: Handover) -> Conversation | None:
    return session.exec(
        select(Conversation)
        .where(_before_change(handover))
        .order_by(col(Conversation.held_on).desc(), col(Conversation.id).desc())
        .limit(1)
    ).first()


def _count(session: Session, query: SelectOfScalar[Any]) -> int:
    return int(session.exec(select(func.count()).select_from(query.subquery())).one())
