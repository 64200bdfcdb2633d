"""What the App Home shows a person: their own cycle, and their reports' if they manage."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import exists, func, or_
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from bot.models import ActionItem, Conversation, Goal, Person, Prep, Skill, Workspace
from bot.services.org.access import conversation_visible
from bot.services.org.people import reports_of
from bot.shapes.conversations import Cycle, OpenItem, ReportStatus

MAX_IDS_IN_QUERY = 1000


def cycles(*, session: Session, people: list[Person], today: date) -> dict[int, Cycle]:
    """Each person's cycle, from one query whatever the number of people."""
    ids = [p.id for p in people if p.id is not None]
    if not ids:
        return {}
    # A few people: look them up by id. Many (a planner's sweep): every conversation of their
    # workspaces instead, since databases cap bound parameters (SQLite at 32,766).
    among = (
        col(Conversation.employee_id).in_(ids)
        if len(ids) <= MAX_IDS_IN_QUERY
        else col(Conversation.workspace_id).in_({p.workspace_id for p in people})
    )
    latest = (
        select(Conversation.employee_id, func.max(Conversation.held_on).label("held_on"))
        .where(among)
        .group_by(col(Conversation.employee_id))
        .subquery()
    )
    rows = session.execute(
        select(Conversation, Person.slack_user_id)
        .join(
            latest,
            (col(Conversation.employee_id) == latest.c.employee_id)
            & (col(Conversation.held_on) == latest.c.held_on),
        )
        .join(Person, col(Person.id) == Conversation.partner_id)
    ).all()
    last = {conversation.employee_id: (conversation, partner) for conversation, partner in rows}
    workspaces = {p.workspace_id for p in people}
    defaults = {
        w.id: w.default_cadence_days
        for w in session.exec(select(Workspace).where(col(Workspace.id).in_(workspaces)))
    }
    result = {}
    for person in people:
        assert person.id is not None
        cadence = person.cadence_days or defaults[person.workspace_id]
        conversation, partner = last.get(person.id, (None, None))
        since = conversation.held_on if conversation else person.joined_at.date()
        due = since + timedelta(days=cadence)
        if conversation and conversation.next_on and conversation.next_on >= today:
            due = conversation.next_on
        result[person.id] = Cycle(
            last_on=conversation.held_on if conversation else None,
            last_partner_user_id=partner,
            next_on=due,
            days_since=(today - since).days,
            cadence_days=cadence,
            paused_until=person.paused_until,
            today=today,
        )
    return result


def report_statuses(*, session: Session, manager: Person, today: date) -> list[ReportStatus]:
    """The manager's current reports, the most overdue first."""
    reports = reports_of(session=session, manager=manager)
    found = cycles(session=session, people=reports, today=today)
    statuses = [
        ReportStatus(person_id=r.id, slack_user_id=r.slack_user_id, cycle=found[r.id])
        for r in reports
        if r.id is not None
    ]
    return sorted(statuses, key=lambda s: (-s.cycle.days_since + s.cycle.cadence_days, s.person_id))


def open_items(*, session: Session, person: Person, limit: int) -> tuple[list[OpenItem], int]:
    """The person's open action items, soonest due first, and how many there are in all;
    none from a conversation they lost to a reporting-line change."""
    where = (
        col(ActionItem.owner_id) == person.id,
        col(ActionItem.done_at).is_(None),
        conversation_visible(person.id or 0),
    )
    of_conversation = col(Conversation.id) == col(ActionItem.conversation_id)
    total = session.exec(
        select(func.count())
        .select_from(ActionItem)
        .join(Conversation, of_conversation)
        .where(*where)
    ).one()
    items = session.exec(
        select(ActionItem)
        .join(Conversation, of_conversation)
        .where(*where)
        .order_by(col(ActionItem.due_on).is_(None), col(ActionItem.due_on), col(ActionItem.id))
        .limit(limit)
    ).all()
    return [OpenItem(i.id or 0, i.body, i.due_on) for i in items], int(total)


def is_newcomer(*, session: Session, person: Person) -> bool:
    """Nothing of theirs yet: no conversation on either side, no prep, no goal, no skill."""
    me = person.id
    anything = or_(
        exists().where(
            or_(col(Conversation.employee_id) == me, col(Conversation.partner_id) == me)
        ),
        exists().where(col(Prep.person_id) == me),
        exists().where(col(Goal.person_id) == me),
        exists().where(col(Skill.person_id) == me),
    )
    return not session.execute(select_columns(anything)).scalar()
