"""Who may still see an employee's record after their reporting line changed: the rule, once.

Every reporting-line change leaves a `handover` row (person, old and new manager, `asked_at`).

- The employee always sees all of their own record.
- A partner sees the conversations they were part of, except a *manager* conversation created
  before a reporting-line change of that employee to someone other than this partner: the old
  manager loses it at once (history, briefing, recap and follow-up buttons, editing the log,
  its next steps on their Home). Mentor, peer and informal conversations are not about the
  reporting line and stay with their two people.
- Someone who became the employee's manager by a change sees the employee's goals from before
  it only once the employee answered the handover question and chose to pass goals on.

These are SQL conditions, so every list filters in its own query; `visible_conversation`
is the single-record check that the buttons and the log editor use.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, exists, or_
from sqlmodel import Session, col, select

from bot.models import Conversation, Goal, Handover
from bot.services import NotAllowed


def conversation_visible(viewer_id: int) -> ColumnElement[bool]:
    """Conversations `viewer_id` may still see, if they are one of its two people."""
    changed_since = exists(
        select(Handover.id).where(
            col(Handover.person_id) == col(Conversation.employee_id),
            col(Handover.asked_at) > col(Conversation.created_at),
            or_(col(Handover.new_manager_id).is_(None), col(Handover.new_manager_id) != viewer_id),
        )
    )
    return or_(
        col(Conversation.employee_id) == viewer_id,
        col(Conversation.kind) != "manager",
        ~changed_since,
    )


def visible_to_both(a_id: int, b_id: int) -> ColumnElement[bool]:
    """Conversations of a pair that neither of the two has lost."""
    return and_(conversation_visible(a_id), conversation_visible(b_id))


def goal_visible(viewer_id: int) -> ColumnElement[bool]:
    """Goals `viewer_id` may see where the employee's goals are shown to their partner.

    Hidden: goals older than the change that made the viewer the employee's manager, until
    the employee answered the handover and passed goals on.
    """
    withheld = exists(
        select(Handover.id).where(
            col(Handover.person_id) == col(Goal.person_id),
            col(Handover.new_manager_id) == viewer_id,
            col(Handover.asked_at) > col(Goal.created_at),
            or_(col(Handover.answered_at).is_(None), col(Handover.share_goals).is_(False)),
        )
    )
    return or_(col(Goal.person_id) == viewer_id, ~withheld)


def visible_conversation(*, session: Session, actor_id: int, conversation_id: int) -> Conversation:
    """The conversation if the actor is one of its two people and still may see it.

    NotAllowed otherwise, the same for a missing one, a stranger's, or one the actor lost.
    """
    conversation = session.exec(
        select(Conversation).where(
            col(Conversation.id) == conversation_id,
            or_(
                col(Conversation.employee_id) == actor_id,
                col(Conversation.partner_id) == actor_id,
            ),
            conversation_visible(actor_id),
        )
    ).first()
    if conversation is None:
        raise NotAllowed("not a party to this conversation, or no longer")
    return conversation


def may_see(*, session: Session, viewer_id: int, conversation_id: int) -> bool:
    """Whether `viewer_id` is one of the conversation's people and still may see it."""
    try:
        visible_conversation(session=session, actor_id=viewer_id, conversation_id=conversation_id)
    except NotAllowed:
        return False
    return True
