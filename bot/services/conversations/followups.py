"""Between conversations: what a follow-up shows, and pushing a next step's due date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, or_, select, update

from bot.models import ActionItem, Conversation, Delivery, Goal, Person
from bot.services import NotAllowed
from bot.services.org.access import conversation_visible, goal_visible, may_see, visible_to_both
from bot.shapes.conversations import FollowUp, RecapGoal, RecapItem

PUSH_BY = timedelta(days=7)
HORIZON_AHEAD = timedelta(days=30)  # a goal "reaches its horizon" within this
MAX_ITEMS = 10
MAX_GOALS = 5
# The outbox kind the `followups` job sends them under (bot.jobs.followups.KIND).
DELIVERY_KIND = "followup"


def followup_of(*, session: Session, conversation_id: int, today: date) -> FollowUp:
    """For the planner: the open items of every conversation of this pair, soonest due first."""
    conversation = session.get(Conversation, conversation_id)
    assert conversation is not None
    employee = session.get(Person, conversation.employee_id)
    partner = session.get(Person, conversation.partner_id)
    assert employee is not None and partner is not None
    users = {employee.id: employee.slack_user_id, partner.id: partner.slack_user_id}
    if not may_see(session=session, viewer_id=partner.id or 0, conversation_id=conversation_id):
        # The partner lost it to a reporting-line change: its follow-ups end with nothing open.
        return FollowUp(
            conversation_id=conversation_id,
            employee_user_id=employee.slack_user_id,
            partner_user_id=partner.slack_user_id,
            next_on=conversation.next_on,
            items=[],
            goals=[],
            today=today,
        )
    pair = or_(
        (col(Conversation.employee_id) == employee.id)
        & (col(Conversation.partner_id) == partner.id),
        (col(Conversation.employee_id) == partner.id)
        & (col(Conversation.partner_id) == employee.id),
    )
    items = session.exec(
        select(ActionItem)
        .join(Conversation, col(Conversation.id) == ActionItem.conversation_id)
        .where(
            pair,
            visible_to_both(employee.id or 0, partner.id or 0),
            col(ActionItem.done_at).is_(None),
        )
        .order_by(col(ActionItem.due_on).is_(None), col(ActionItem.due_on), col(ActionItem.id))
        .limit(MAX_ITEMS)
    ).all()
    goals = session.exec(
        select(Goal)
        .where(
            Goal.person_id == employee.id,
            Goal.status == "active",
            col(Goal.target_on) <= today + HORIZON_AHEAD,
            goal_visible(partner.id or 0),
        )
        .order_by(col(Goal.target_on), col(Goal.id))
        .limit(MAX_GOALS)
    ).all()
    return FollowUp(
        conversation_id=conversation_id,
        employee_user_id=employee.slack_user_id,
        partner_user_id=partner.slack_user_id,
        next_on=conversation.next_on,
        items=[
            RecapItem(i.id or 0, users.get(i.owner_id, ""), i.body, i.due_on, False)
            for i in items
            if i.owner_id in users
        ],
        goals=[RecapGoal(g.title, g.horizon, g.target_on) for g in goals],
        today=today,
    )


@dataclass(frozen=True)
class Pushed:
    """A push asked for: the step, and whether its date moved (False: it no longer showed
    the date the click was made on, e.g. a replayed or double click)."""

    item: ActionItem
    moved: bool


def push_due(
    *, session: Session, actor_id: int, item_id: int, shown_due: date | None, today: date
) -> Pushed:
    """Move an open item's due date a week on from the date the button showed (from today if
    that has passed or there was none); its owner only, while the conversation is theirs.

    Compare-and-set in one UPDATE: only an item still due on `shown_due` moves, so the same
    click applied twice, or racing itself, moves it once.
    """
    item = session.exec(
        select(ActionItem)
        .join(Conversation, col(Conversation.id) == ActionItem.conversation_id)
        .where(col(ActionItem.id) == item_id, conversation_visible(actor_id))
    ).first()
    if item is None or item.owner_id != actor_id:
        raise NotAllowed("only the owner of a next step may move its due date")
    still_shown = (
        col(ActionItem.due_on).is_(None)
        if shown_due is None
        else col(ActionItem.due_on) == shown_due
    )
    result = session.execute(
        update(ActionItem)
        .where(col(ActionItem.id) == item_id, col(ActionItem.done_at).is_(None), still_shown)
        .values(due_on=max(shown_due or today, today) + PUSH_BY)
        .execution_options(synchronize_session=False)
    )
    moved = getattr(result, "rowcount", 0) == 1
    session.refresh(item)
    return Pushed(item, moved)


def followup_shown_to(
    *, session: Session, workspace_id: int, recipient: str, channel: str, ts: str
) -> int | None:
    """The conversation a follow-up the bot sent `recipient` at (channel, ts) is about, or None
    when no follow-up of theirs was sent there: a click's `container` is data, not proof."""
    row = session.exec(
        select(Delivery.period_key).where(
            Delivery.workspace_id == workspace_id,
            Delivery.recipient == recipient,
            Delivery.kind == DELIVERY_KIND,
            Delivery.slack_channel == channel,
            Delivery.slack_ts == ts,
        )
    ).first()
    conversation, _, _ = (row or "").partition(":")
    return int(conversation) if conversation.isdigit() else None


def conversation_of_item(*, session: Session, item_id: int) -> int | None:
    item = session.get(ActionItem, item_id)
    return item.conversation_id if item else None
