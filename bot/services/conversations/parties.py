"""A conversation as one of its two people sees it: who is the employee, the prefilled modal.

Reading only: which of the pair is the employee, their cadence, and the party checks that
decide whether the actor may open the conversation at all.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, col, select

from bot.models import ActionItem, Conversation, Mentorship, Person, PrivateNote, Workspace
from bot.services.org.access import may_see, visible_conversation
from bot.shapes.conversations import Prefill, Step


def roles(*, session: Session, actor: Person, partner: Person) -> tuple[Person, Person]:
    """(employee, partner): the actor's report or mentee is the employee; otherwise the actor."""
    mentors_actor = session.exec(
        select(Mentorship).where(
            Mentorship.person_id == partner.id, Mentorship.mentor_id == actor.id
        )
    ).first()
    if partner.manager_id == actor.id or mentors_actor is not None:
        return partner, actor
    return actor, partner


def default_kind(*, session: Session, employee: Person, partner: Person) -> str | None:
    if employee.manager_id == partner.id:
        return "manager"
    mentor = session.exec(
        select(Mentorship).where(
            Mentorship.person_id == employee.id, Mentorship.mentor_id == partner.id
        )
    ).first()
    return "mentor" if mentor else None


def cadence_of(*, session: Session, person: Person) -> int:
    if person.cadence_days:
        return person.cadence_days
    workspace = session.get(Workspace, person.workspace_id)
    assert workspace is not None
    return workspace.default_cadence_days


def find_pair(*, session: Session, a: Person, b: Person, held_on: date) -> Conversation | None:
    """The pair's conversation on that day, whichever of the two is the employee."""
    low, high = sorted((a.id or 0, b.id or 0))
    return session.exec(
        select(Conversation).where(
            Conversation.pair_low == low,
            Conversation.pair_high == high,
            Conversation.held_on == held_on,
        )
    ).first()


def fresh_prefill(
    *, session: Session, actor: Person, partner_id: int | None, today: date
) -> Prefill:
    """A new log: with the given partner (a report from Home), else the actor's manager.

    If the two already have today's conversation logged, it opens as an edit of that one, so
    a second logger sees what the first wrote before changing anything.
    """
    partner = session.get(Person, partner_id) if partner_id else None
    if partner is None or partner.workspace_id != actor.workspace_id or partner.id == actor.id:
        partner = session.get(Person, actor.manager_id) if actor.manager_id else None
    if partner is None:
        return Prefill(held_on=today)
    logged = find_pair(session=session, a=actor, b=partner, held_on=today)
    if logged is not None and may_see(
        session=session, viewer_id=actor.id or 0, conversation_id=logged.id or 0
    ):
        return edit_prefill(session=session, actor_id=actor.id or 0, conversation_id=logged.id or 0)
    employee, other = roles(session=session, actor=actor, partner=partner)
    cadence = cadence_of(session=session, person=employee)
    return Prefill(
        held_on=today,
        partner_user_id=partner.slack_user_id,
        kind=default_kind(session=session, employee=employee, partner=other),
        next_on=today + timedelta(days=cadence),
        actor_is_employee=employee.id == actor.id,
        cadence_days=cadence,
    )


def party_conversation(*, session: Session, actor_id: int, conversation_id: int) -> Conversation:
    """The conversation if the actor is one of its two people and has not lost it to a
    reporting-line change (see `access`); NotAllowed otherwise."""
    return visible_conversation(session=session, actor_id=actor_id, conversation_id=conversation_id)


def edit_prefill(*, session: Session, actor_id: int, conversation_id: int) -> Prefill:
    """The conversation as the actor sees it: their own private note, steps mine and theirs."""
    conversation = party_conversation(
        session=session, actor_id=actor_id, conversation_id=conversation_id
    )
    other_id = (
        conversation.partner_id
        if actor_id == conversation.employee_id
        else conversation.employee_id
    )
    other = session.get(Person, other_id)
    employee = session.get(Person, conversation.employee_id)
    assert other is not None and employee is not None
    note = session.exec(
        select(PrivateNote).where(
            PrivateNote.conversation_id == conversation.id, PrivateNote.author_id == actor_id
        )
    ).first()
    items = items_of(session=session, conversation_id=conversation_id)
    return Prefill(
        held_on=conversation.held_on,
        conversation_id=conversation.id,
        partner_user_id=other.slack_user_id,
        kind=conversation.kind,
        shared_notes=conversation.shared_notes,
        private_notes=note.body if note else "",
        mine=[_step(i) for i in items if i.owner_id == actor_id],
        theirs=[_step(i) for i in items if i.owner_id == other_id],
        follow_up=conversation.follow_up,
        next_on=conversation.next_on,
        actor_is_employee=conversation.employee_id == actor_id,
        cadence_days=cadence_of(session=session, person=employee),
        mine_ids=tuple(i.id or 0 for i in items if i.owner_id == actor_id),
        seen=version_of(conversation),
    )


def version_of(conversation: Conversation) -> str:
    """What an edit modal remembers of the conversation, to tell whether it changed since."""
    return conversation.updated_at.isoformat()


def items_of(*, session: Session, conversation_id: int) -> list[ActionItem]:
    return list(
        session.exec(
            select(ActionItem)
            .where(ActionItem.conversation_id == conversation_id)
            .order_by(col(ActionItem.id))
        )
    )


def _step(item: ActionItem) -> Step:
    return Step(item.body, item.due_on, item.done_at is not None)


def other_party(*, session: Session, conversation: Conversation, actor_id: int) -> Person:
    """The one of the two people who is not the actor."""
    other_id = (
        conversation.partner_id
        if actor_id == conversation.employee_id
        else conversation.employee_id
    )
    other = session.get(Person, other_id)
    assert other is not None
    return other
