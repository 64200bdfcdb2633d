"""Follow-ups between conversations and the prep reminder before one: pure builders.

The `followups` and `prep-reminders` jobs send them; these say what they contain.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.blocks.ids import FollowUp as Ids
from bot.blocks.ids import Home as HomeIds
from bot.blocks.recap import HORIZONS, item_block
from bot.blocks.render import mention, render
from bot.blocks.text import Block, button, context, day
from bot.blocks.text import section as text_section
from bot.shapes.conversations import FollowUp
from bot.shapes.ids import parse_id

FOLLOWUP_TEXT = "A follow-up on your career conversations with {other}"
NO_ITEMS = "_No open next steps: nice work._"
STEPS_TITLE = "*Open next steps*"
PUSH = "Push a week"
FOOTER = "Only the two of you get this. Done or pushed, it updates right here."
REMINDER_TEXT = "Your career conversation with {other} is on {day}"
REMINDER_FOOTER = "Held already or moved? Log it and the reminders follow the new date."
NO_DUE = "none"


@dataclass(frozen=True)
class PushValue:
    """What a Push button says: which step, and the due date it showed (None: no date)."""

    item_id: int
    shown_due: date | None


def followup_message(followup: FollowUp, *, recipient_user_id: str) -> tuple[str, list[Block]]:
    """Open next steps with Done (either of you) and Push a week (the owner), goals near due."""
    other = _other(followup.employee_user_id, followup.partner_user_id, recipient_user_id)
    intro = render(
        "followup.j2", recipient=recipient_user_id, other=other, next_on=followup.next_on
    )
    blocks: list[Block] = [text_section(intro), text_section(STEPS_TITLE)]
    for item in followup.items:
        block = item_block(item, Ids.ITEM_DONE)
        if item.owner_user_id == recipient_user_id:
            block.pop("accessory", None)
            blocks.append(block)
            blocks.append(
                {
                    "type": "actions",
                    "elements": [
                        button("Done", Ids.ITEM_DONE, value=str(item.id), style="primary"),
                        button(PUSH, Ids.PUSH_DUE, value=push_value(item.id, item.due_on)),
                    ],
                }
            )
        else:
            blocks.append(block)
    if not followup.items:
        blocks.append(context(NO_ITEMS))
    if followup.goals:
        blocks.append(
            text_section(render("followup_goals.j2", goals=followup.goals, horizons=HORIZONS))
        )
    blocks.append(context(FOOTER))
    return FOLLOWUP_TEXT.format(other=mention(other)), blocks


def push_value(item_id: int, due_on: date | None) -> str:
    """The Push button's value: the step and the date it shows, so a replayed or stale click
    can be told from a fresh one (the service pushes only from the date shown)."""
    return f"{item_id}@{due_on.isoformat() if due_on else NO_DUE}"


def read_push_value(raw: object) -> PushValue | None:
    """A Push value as `push_value` wrote it; None for garbage or a button from before dates
    were carried (such a message is refreshed, not acted on)."""
    item, _, shown = str(raw or "").partition("@")
    item_id = parse_id(item)
    if item_id is None or not shown:
        return None
    if shown == NO_DUE:
        return PushValue(item_id, None)
    try:
        return PushValue(item_id, date.fromisoformat(shown))
    except ValueError:
        return None


def prep_reminder_message(
    *,
    employee_user_id: str,
    partner_user_id: str,
    partner_person_id: int,
    employee_person_id: int,
    next_on: date,
    recipient_user_id: str,
) -> tuple[str, list[Block]]:
    """Before a conversation: the employee gets Prepare now; both can log it straight away.

    The log button's value is the other person's id, to prefill the partner; it is data only.
    """
    is_employee = recipient_user_id == employee_user_id
    other = partner_user_id if is_employee else employee_user_id
    other_id = partner_person_id if is_employee else employee_person_id
    text = render(
        "prep_reminder.j2",
        employee=is_employee,
        recipient=recipient_user_id,
        other=other,
        next_on=next_on,
    )
    buttons = [button("Log the conversation", HomeIds.LOG_CONVERSATION, value=str(other_id))]
    if is_employee:
        buttons.insert(0, button("Prepare now", HomeIds.OPEN_PREP, style="primary"))
    blocks: list[Block] = [
        text_section(text),
        {"type": "actions", "elements": buttons},
        context(REMINDER_FOOTER),
    ]
    return REMINDER_TEXT.format(other=mention(other), day=day(next_on)), blocks


def _other(employee: str, partner: str, recipient: str) -> str:
    return partner if recipient == employee else employee
