"""A reporting-line change: the employee chooses what their new manager sees from before it.

`manager_changed` is called wherever a manager is set (settings, the org import). It records a
`handover` row, which is what revokes the old manager at once (see `access`), and owes the
employee a question in the same transaction, so a change can never commit without its
question. `answer` takes the employee's choice and owes the new manager an introduction.
What there is to pass on, and what was, is read in `handover_contents`.

Both messages are owed here, through the outbox, rather than by the callers: the change happens
deep inside other services (settings, the CSV import) whose callers should not each have to
remember to ask. Their words are not: the entry point that set a manager hands down the
builder (`ask`, `introduce`; `bot.blocks.handover` in the bot), since services know no blocks.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime, tzinfo

from sqlmodel import Session, col, delete, select

from bot.models import Delivery, Handover, Person, Workspace
from bot.outbox.enqueue import enqueue
from bot.services import NotAllowed
from bot.services.org.handover_contents import offer_of, passed_on
from bot.services.org.zones import zone_of
from bot.shapes.org import Ask, Introduce, Message, Passed
from bot.timing import at_work, next_morning

KIND = "handover"
INTRO_KIND = "handover-intro"
CHOICES = ("goals", "recap", "items")


class Outdated(Exception):
    """The question is for a manager the employee no longer reports to; nothing changed."""


class AlreadyAnswered(Exception):
    """The employee answered this question before; nothing changed."""


def manager_changed(
    *,
    session: Session,
    person: Person,
    old_manager_id: int | None,
    new_manager_id: int | None,
    now: datetime,
    ask: Ask,
) -> Handover | None:
    """Record a change of `person`'s manager and owe them the question; the row, if any.

    Questions still open for an earlier manager become moot: their unsent DM is withdrawn,
    and a click on a sent one is refused. Changing back to the previous manager before the
    employee answered cancels that question outright, so the previous manager keeps their own
    conversations. Only a change from one manager to another is asked about; a first manager
    or no manager has nobody to pass anything on to.

    A manager removed with nobody new is revoked at once by an answered row without a new
    manager; the next manager's question is then about the one removed (and if that same
    manager comes back, the removal is undone).
    """
    assert person.id is not None
    if old_manager_id is None and new_manager_id is None:
        return None
    if old_manager_id is None:
        removal = _last_removal(session, person.id)
        if removal is None:
            return None  # a first manager: nobody to pass anything on from
        if removal.old_manager_id == new_manager_id:
            session.delete(removal)  # the same manager back: nothing was handed over
            session.flush()
            return None
        old_manager_id = removal.old_manager_id
    if old_manager_id == new_manager_id:
        return None
    _drop_moot(session, person.id, new_manager_id)
    if new_manager_id is None:
        session.add(
            Handover(
                person_id=person.id,
                old_manager_id=old_manager_id,
                new_manager_id=None,
                asked_at=now,
                answered_at=now,
            )
        )
        session.flush()
        return None
    handover = session.exec(
        select(Handover).where(
            Handover.person_id == person.id, Handover.new_manager_id == new_manager_id
        )
    ).first()
    if handover is None:
        handover = Handover(person_id=person.id, new_manager_id=new_manager_id, asked_at=now)
    elif handover.answered_at is None:
        _withdraw_question(session, handover)
    # Asked again (they came back after someone else): a fresh question, nothing carried over.
    handover.old_manager_id = old_manager_id
    handover.asked_at = now
    handover.answered_at = None
    handover.share_goals = handover.share_recap = handover.share_items = False
    session.add(handover)
    session.flush()
    _ask(session, person, handover, now, ask)
    return handover


def answer(
    *,
    session: Session,
    actor_id: int,
    handover_id: int,
    choices: Collection[str],
    now: datetime,
    introduce: Introduce,
) -> Passed:
    """The employee's answer: store what they pass on and owe the new manager their intro.

    Re-checked here, never taken from the button: the clicker is the employee of this
    handover (NotAllowed), it is for the manager they report to now (Outdated), and it was
    not answered before (AlreadyAnswered).
    """
    handover = session.get(Handover, handover_id, with_for_update=True)
    if handover is None or handover.person_id != actor_id:
        raise NotAllowed("not your handover")
    person = session.get(Person, actor_id)
    assert person is not None
    if person.manager_id != handover.new_manager_id or person.left_at is not None:
        raise Outdated(str(handover_id))
    if handover.answered_at is not None:
        raise AlreadyAnswered(str(handover_id))
    handover.share_goals = "goals" in choices
    handover.share_recap = "recap" in choices
    handover.share_items = "items" in choices
    handover.answered_at = now
    session.add(handover)
    session.flush()
    passed = passed_on(session=session, handover=handover)
    manager = session.get(Person, handover.new_manager_id)
    assert manager is not None and handover.id is not None
    _owe(session, manager, INTRO_KIND, str(handover.id), introduce(passed), now)
    return passed


def question_key(handover: Handover) -> str:
    """The outbox key of one asking: a question asked again gets a new key, so a new DM."""
    asked = handover.asked_at
    asked = asked.astimezone(UTC) if asked.tzinfo else asked  # as read back from either DB
    return f"{handover.id}:{asked:%Y%m%dT%H%M%S%f}"


def _ask(session: Session, person: Person, handover: Handover, now: datetime, ask: Ask) -> None:
    message = ask(offer_of(session=session, handover=handover))
    _owe(session, person, KIND, question_key(handover), message, now)


def _owe(
    session: Session,
    recipient: Person,
    kind: str,
    key: str,
    message: Message,
    now: datetime,
) -> None:
    """Owe a DM that arrives now if the recipient is at work, else their next morning."""
    workspace = session.get(Workspace, recipient.workspace_id)
    assert workspace is not None
    text, blocks = message
    enqueue(
        session=session,
        workspace_id=recipient.workspace_id,
        recipient=recipient.slack_user_id,
        kind=kind,
        period_key=key,
        text=text,
        blocks=blocks,
        not_before=_awake(now, zone_of(recipient), workspace),
        now=now,
    )


def _awake(now: datetime, zone: tzinfo, workspace: Workspace) -> datetime:
    start, end = workspace.quiet_hours_start, workspace.quiet_hours_end
    if at_work(now, zone=zone, quiet_start=start, quiet_end=end):
        return now
    return next_morning(now, zone=zone, quiet_start=start, quiet_end=end)


def _drop_moot(session: Session, person_id: int, new_manager_id: int | None) -> None:
    """Open questions for any other manager can no longer be answered: withdraw them."""
    query = select(Handover).where(
        Handover.person_id == person_id, col(Handover.answered_at).is_(None)
    )
    if new_manager_id is not None:
        query = query.where(col(Handover.new_manager_id) != new_manager_id)
    for handover in session.exec(query).all():
        _withdraw_question(session, handover)
        if handover.old_manager_id == new_manager_id:
            session.delete(handover)
    session.flush()


def _last_removal(session: Session, person_id: int) -> Handover | None:
    """The latest change of `person_id`'s manager, if it left them with no manager."""
    latest = session.exec(
        select(Handover)
        .where(Handover.person_id == person_id)
        .order_by(col(Handover.asked_at).desc(), col(Handover.id).desc())
        .limit(1)
    ).first()
    return latest if latest is not None and latest.new_manager_id is None else None


def _withdraw_question(session: Session, handover: Handover) -> None:
    """Delete the question's DM unless it is already being sent or was sent."""
    session.execute(
        delete(Delivery).where(
            col(Delivery.kind) == KIND,
            col(Delivery.period_key) == question_key(handover),
            col(Delivery.state) == "pending",
        )
    )
