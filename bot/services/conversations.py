"""Logging a career conversation: who the employee is, the checks, one row per pair and day.

Either party may log or edit. The same pair and day logged again is the same conversation,
whichever of the two logs it. Private notes belong to their author alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, delete, or_, select

from bot.forms import MAX_TEXT, FieldErrors
from bot.models import (
    CONVERSATION_KINDS,
    FOLLOW_UPS,
    ActionItem,
    Conversation,
    Mentorship,
    Person,
    PrivateNote,
    Workspace,
)
from bot.services.access import may_see, visible_conversation
from bot.services.people import find_person
from bot.services.teams import ensure_person

MAX_STEPS = 3  # per person: what to start now and reach before the next meeting
MAX_STEP = 300
MAX_PAST = timedelta(days=5 * 366)
MAX_AHEAD = timedelta(days=2 * 366)
SIDES = ("mine", "theirs")
REQUIRED = ("partner", "held_on", "kind", "follow_up")

SELF = "You can't log a conversation with yourself. Pick the person you talked with."
FUTURE = "That day hasn't happened yet. Log the conversation once it took place."
TOO_OLD = "That's more than five years ago. Pick the day you talked."
NEXT_NOT_AFTER = "Pick a day after the conversation itself."
TOO_FAR = "Pick a day within the next two years."
DUE_BEFORE = "A next step can't be due before the conversation it came from."
DATE_WITHOUT_STEP = "Add the next step this date belongs to, or clear the date."
NO_STEPS = (
    "You asked for a follow-up: add at least one next step to follow up on, or choose no follow-up."
)
TAKEN = "You already logged another conversation with them on that day. Edit that one instead."
LOST = (
    "A conversation with them on that day is from before their reporting line changed, "
    "so it isn't yours to change any more. Pick the day of a new conversation."
)


class Invalid(Exception):
    """The form cannot be saved as it is; `problems` maps field name to what is wrong."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        super().__init__(", ".join(problems))
        self.problems = dict(problems)


@dataclass(frozen=True)
class Step:
    body: str
    due_on: date | None = None
    done: bool = False


@dataclass(frozen=True)
class LogForm:
    """What the log modal submitted; steps are from the submitter's side: mine and theirs."""

    partner_user_id: str | None
    held_on: date | None
    kind: str | None
    shared_notes: str | None = None
    private_notes: str | None = None
    mine: tuple[tuple[str | None, date | None], ...] = ()
    theirs: tuple[tuple[str | None, date | None], ...] = ()
    follow_up: str | None = None
    next_on: date | None = None

    @classmethod
    def from_fields(cls, fields: Mapping[str, Any]) -> LogForm:
        def slots(side: str) -> tuple[tuple[str | None, date | None], ...]:
            return tuple(
                (fields.get(step_field(side, n)), fields.get(due_field(side, n)))
                for n in range(1, MAX_STEPS + 1)
            )

        return cls(
            partner_user_id=fields.get("partner"),
            held_on=fields.get("held_on"),
            kind=fields.get("kind"),
            shared_notes=fields.get("shared_notes"),
            private_notes=fields.get("private_notes"),
            mine=slots("mine"),
            theirs=slots("theirs"),
            follow_up=fields.get("follow_up"),
            next_on=fields.get("next_on"),
        )

    def steps(self, side: str) -> list[Step]:
        return [Step(body, due) for body, due in getattr(self, side) if body]


def step_field(side: str, n: int) -> str:
    return f"{side}_{n}"


def due_field(side: str, n: int) -> str:
    return f"{side}_{n}_due"


@dataclass(frozen=True)
class Prefill:
    """What the log modal shows: a fresh log, or a conversation seen from one of its people."""

    held_on: date
    conversation_id: int | None = None
    partner_user_id: str | None = None
    kind: str | None = None
    shared_notes: str = ""
    private_notes: str = ""
    mine: list[Step] = field(default_factory=list)
    theirs: list[Step] = field(default_factory=list)
    follow_up: str = "one_on_ones"
    next_on: date | None = None
    actor_is_employee: bool | None = None
    cadence_days: int | None = None


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


def fresh_prefill(
    *, session: Session, actor: Person, partner_id: int | None, today: date
) -> Prefill:
    """A new log: with the given partner (a report from Home), else the actor's manager."""
    partner = session.get(Person, partner_id) if partner_id else None
    if partner is None or partner.workspace_id != actor.workspace_id or partner.id == actor.id:
        partner = session.get(Person, actor.manager_id) if actor.manager_id else None
    if partner is None:
        return Prefill(held_on=today)
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
    )


def items_of(*, session: Session, conversation_id: int) -> list[ActionItem]:
    return list(
        session.exec(
            select(ActionItem)
            .where(ActionItem.conversation_id == conversation_id)
            .order_by(col(ActionItem.id))
        )
    )


def problems(*, form: LogForm, actor: Person, today: date) -> dict[str, str]:
    """Field name -> what is wrong, for every field that cannot be saved as it is."""
    errors = FieldErrors()
    errors.require(vars(form) | {"partner": form.partner_user_id}, *REQUIRED)
    if form.partner_user_id and form.partner_user_id == actor.slack_user_id:
        errors["partner"] = SELF
    if form.kind and form.kind not in CONVERSATION_KINDS:
        errors["kind"] = "Pick what kind of conversation it was."
    if form.follow_up and form.follow_up not in FOLLOW_UPS:
        errors["follow_up"] = "Pick how you'll follow up."
    for name in ("shared_notes", "private_notes"):
        errors.max_length(vars(form), name, MAX_TEXT)
    held = form.held_on
    if held and held > today:
        errors["held_on"] = FUTURE
    elif held and held < today - MAX_PAST:
        errors["held_on"] = TOO_OLD
    if held and form.next_on and form.next_on <= held:
        errors["next_on"] = NEXT_NOT_AFTER
    elif form.next_on and form.next_on > today + MAX_AHEAD:
        errors["next_on"] = TOO_FAR
    for side in SIDES:
        for n, (body, due) in enumerate(getattr(form, side), start=1):
            if body and len(body) > MAX_STEP:
                errors[step_field(side, n)] = f"Please keep a step under {MAX_STEP} characters."
            if due and not body:
                errors[due_field(side, n)] = DATE_WITHOUT_STEP
            elif due and held and due < held:
                errors[due_field(side, n)] = DUE_BEFORE
            elif due and due > today + MAX_AHEAD:
                errors[due_field(side, n)] = TOO_FAR
    if (
        form.follow_up
        and form.follow_up != "none"
        and not (form.steps("mine") or form.steps("theirs"))
    ):
        errors.setdefault(step_field("mine", 1), NO_STEPS)
    return dict(errors)


def log_conversation(
    *,
    session: Session,
    actor: Person,
    form: LogForm,
    now: datetime,
    today: date,
    conversation_id: int | None = None,
) -> tuple[Conversation, bool]:
    """Save a new conversation, or edit one (by id, or the same pair and day); True if new.

    Editing re-checks the actor is one of the conversation's two people.
    """
    editing = None
    if conversation_id is not None:
        editing = party_conversation(
            session=session, actor_id=actor.id or 0, conversation_id=conversation_id
        )
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
    if editing is not None and same_day is not None and same_day.id != editing.id:
        raise Invalid({"held_on": TAKEN})
    if same_day is not None and not may_see(
        session=session, viewer_id=actor.id or 0, conversation_id=same_day.id or 0
    ):
        raise Invalid({"held_on": LOST})
    conversation = editing or same_day
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
    session.flush()
    assert conversation.id is not None
    _save_note(session, conversation.id, actor.id or 0, form.private_notes)
    _sync_items(session, conversation.id, actor.id or 0, form.steps("mine"), now)
    _sync_items(session, conversation.id, partner.id or 0, form.steps("theirs"), now)
    session.flush()
    return conversation, created


def find_pair(*, session: Session, a: Person, b: Person, held_on: date) -> Conversation | None:
    """The pair's conversation on that day, whichever of the two is the employee."""
    return session.exec(
        select(Conversation).where(
            or_(
                (col(Conversation.employee_id) == a.id) & (col(Conversation.partner_id) == b.id),
                (col(Conversation.employee_id) == b.id) & (col(Conversation.partner_id) == a.id),
            ),
            Conversation.held_on == held_on,
        )
    ).first()


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


def _sync_items(
    session: Session, conversation_id: int, owner_id: int, steps: list[Step], now: datetime
) -> None:
    """The owner's items become `steps`; an item kept by its text keeps whether it is done."""
    existing = list(
        session.exec(
            select(ActionItem)
            .where(ActionItem.conversation_id == conversation_id, ActionItem.owner_id == owner_id)
            .order_by(col(ActionItem.id))
        )
    )
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
    gone = [i.id for i in existing if i.id not in kept]
    if gone:
        session.execute(delete(ActionItem).where(col(ActionItem.id).in_(gone)))


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
