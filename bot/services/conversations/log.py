"""Saving a logged career conversation: one row per pair and day, its note and next steps.

The form and its checks are in `log_form`, who is the employee in `conversation_parties`.
Either party may log or edit. A pair and day already logged, by either of the two, is never
logged over: the second logger is told to edit it, so they see what is there first. Private
notes belong to their author alone; next steps belong to their owner: an edit replaces the
editor's own steps and can only add to the other person's.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, delete, select

from bot.models import ActionItem, Conversation, Person, PrivateNote, Workspace
from bot.services.conversations.log_form import Invalid, LogForm, problems
from bot.services.conversations.parties import (
    cadence_of,
    find_pair,
    party_conversation,
    roles,
    version_of,
)
from bot.services.org.access import may_see
from bot.services.org.people import find_person
from bot.services.org.teams import ensure_person
from bot.shapes.conversations import MAX_STEPS, Clash, Step, step_field

__all__ = ["Clash", "Conflict", "find_pair", "log_conversation"]


# The names these had when they were sentences; tests and callers compare with them.
TAKEN, ALREADY_LOGGED, LOST = Clash.TAKEN, Clash.ALREADY_LOGGED, Clash.LOST
CHANGED, THEIRS_FULL = Clash.CHANGED, Clash.THEIRS_FULL


class Conflict(Exception):
    """Nothing was saved: the clash, the field it shows on, and the numbers its words need."""

    def __init__(self, field: str, clash: Clash, *, count: int = 0, room: int = 0) -> None:
        super().__init__(f"{field}: {clash.value}")
        self.field, self.clash, self.count, self.room = field, clash, count, room

    @property
    def problems(self) -> dict[str, Clash]:
        return {self.field: self.clash}


def log_conversation(
    *,
    session: Session,
    actor: Person,
    form: LogForm,
    now: datetime,
    today: date,
    conversation_id: int | None = None,
    shown_mine: Collection[int] | None = None,
    seen: str | None = None,
) -> tuple[Conversation, bool]:
    """Save a new conversation, or edit one by id; True if new.

    Editing re-checks the actor is one of the conversation's two people. `shown_mine` are the
    ids of the actor's own steps their modal showed (None: all of them); steps added to their
    list since then are kept. `seen` is the version the edit modal showed (`version_of`); a
    later change by anyone refuses the save rather than writing over it.
    """
    editing = None
    if conversation_id is not None:
        editing = party_conversation(
            session=session, actor_id=actor.id or 0, conversation_id=conversation_id
        )
        # Postgres: hold the row, so two saves of one modal version cannot both pass the check
        # below (SQLite's write lock, taken at BEGIN, already serialises them).
        session.refresh(editing, with_for_update=True)
        if seen is not None and version_of(editing) != seen:
            raise Conflict("shared_notes", CHANGED)
        other_id = editing.partner_id if actor.id == editing.employee_id else editing.employee_id
        other = session.get(Person, other_id)
        assert other is not None
        form = _with_partner(form, other.slack_user_id)
    errors = problems(form=form, actor=actor, today=today)
    if errors:
        raise Invalid(errors)
    assert form.partner_user_id and form.held_on and form.kind and form.follow_up
    partner = _partner(session, actor, form.partner_user_id, now)
    same_day = find_pair(session=session, a=actor, b=partner, held_on=form.held_on)
    if same_day is not None and (editing is None or same_day.id != editing.id):
        if not may_see(session=session, viewer_id=actor.id or 0, conversation_id=same_day.id or 0):
            raise Conflict("held_on", LOST)
        raise Conflict("held_on", TAKEN if editing is not None else ALREADY_LOGGED)
    conversation = editing
    created = conversation is None
    if conversation is None:
        employee, other = roles(session=session, actor=actor, partner=partner)
        conversation = Conversation(
            workspace_id=actor.workspace_id,
            employee_id=employee.id or 0,
            partner_id=other.id or 0,
            held_on=form.held_on,
            logged_by_id=actor.id or 0,
            created_at=now,
            updated_at=now,
        )
    conversation.held_on = form.held_on
    conversation.kind = form.kind
    conversation.shared_notes = form.shared_notes or ""
    conversation.follow_up = form.follow_up
    conversation.next_on = form.next_on or _by_cadence(session, conversation, form.held_on)
    conversation.updated_at = now
    session.add(conversation)
    # A racing first log of the same pair and day fails here, on the unique key; the caller's
    # retry then finds it and answers ALREADY_LOGGED.
    session.flush()
    assert conversation.id is not None
    _save_note(session, conversation.id, actor.id or 0, form.private_notes)
    _sync_items(session, conversation.id, actor.id or 0, form.steps("mine"), now, shown_mine)
    _add_items(session, conversation.id, partner.id or 0, form.steps("theirs"), now)
    session.flush()
    return conversation, created


def _with_partner(form: LogForm, partner_user_id: str) -> LogForm:
    values = vars(form) | {"partner_user_id": partner_user_id}
    return LogForm(**values)


def _partner(session: Session, actor: Person, user_id: str, now: datetime) -> Person:
    found = find_person(session=session, workspace_id=actor.workspace_id, slack_user_id=user_id)
    if found is not None:
        return found
    workspace = session.get(Workspace, actor.workspace_id)
    assert workspace is not None
    return ensure_person(session=session, workspace=workspace, slack_user_id=user_id, now=now)


def _by_cadence(session: Session, conversation: Conversation, held_on: date) -> date:
    employee = session.get(Person, conversation.employee_id)
    assert employee is not None
    return held_on + timedelta(days=cadence_of(session=session, person=employee))


def _save_note(session: Session, conversation_id: int, author_id: int, body: str | None) -> None:
    note = session.exec(
        select(PrivateNote).where(
            PrivateNote.conversation_id == conversation_id, PrivateNote.author_id == author_id
        )
    ).first()
    if not body:
        if note is not None:
            session.delete(note)
        return
    note = note or PrivateNote(conversation_id=conversation_id, author_id=author_id, body=body)
    note.body = body
    session.add(note)


def _items(session: Session, conversation_id: int, owner_id: int) -> list[ActionItem]:
    return list(
        session.exec(
            select(ActionItem)
            .where(ActionItem.conversation_id == conversation_id, ActionItem.owner_id == owner_id)
            .order_by(col(ActionItem.id))
        )
    )


def _sync_items(
    session: Session,
    conversation_id: int,
    owner_id: int,
    steps: list[Step],
    now: datetime,
    shown: Collection[int] | None,
) -> None:
    """The owner's own items become `steps`; one kept by its text keeps whether it is done.

    Only items the owner's modal showed (`shown`, None for all) may go: one added to their
    list meanwhile, by the other person, was never in front of them to remove.
    """
    existing = _items(session, conversation_id, owner_id)
    removable = {i.id for i in existing} if shown is None else set(shown)
    kept: set[int] = set()
    for step in steps:
        match = next((i for i in existing if i.body == step.body and i.id not in kept), None)
        item = match or ActionItem(
            conversation_id=conversation_id, owner_id=owner_id, body=step.body, created_at=now
        )
        item.due_on = step.due_on
        session.add(item)
        session.flush()
        kept.add(item.id or 0)
    gone = [i.id for i in existing if i.id not in kept and i.id in removable]
    if gone:
        session.execute(delete(ActionItem).where(col(ActionItem.id).in_(gone)))


def _add_items(
    session: Session, conversation_id: int, owner_id: int, steps: list[Step], now: datetime
) -> None:
    """Steps for the other person are added to theirs; theirs are never changed or removed.

    A step they already have (same text) is not added twice, so a replayed save adds nothing.
    """
    existing = _items(session, conversation_id, owner_id)
    have = {i.body for i in existing}
    new = [step for step in steps if step.body not in have]
    room = MAX_STEPS - len(existing)
    if len(new) > room:
        raise Conflict(step_field("theirs", 1), THEIRS_FULL, count=len(existing), room=max(room, 0))
    for step in new:
        session.add(
            ActionItem(
                conversation_id=conversation_id,
                owner_id=owner_id,
                body=step.body,
                due_on=step.due_on,
                created_at=now,
            )
        )
