"""The recap DM: the same message for both people, apart from the greeting line."""

from __future__ import annotations

from bot.blocks.ids import Recap as Ids
from bot.blocks.render import mention, render
from bot.blocks.sections import long_sections
from bot.blocks.text import Block, button, context, day, section
from bot.shapes.conversations import Recap, RecapItem

KINDS = {
    "manager": "manager conversation",
    "mentor": "mentoring",
    "peer": "peer conversation",
    "informal": "informal chat",
}
FOLLOW_UPS = {
    "one_on_ones": "in your regular 1:1s",
    "monthly": "a monthly check-in from me",
    "none": "none",
}
HORIZONS = {
    "short": "short term",
    "medium": "medium term",
    "long": "long term",
}
TEXT = "Recap of the career conversation between {employee} and {partner} on {day}"
STEPS_TITLE = "*Next steps*"
NO_STEPS = "_No next steps were agreed._"
FOOTER = (
    "Only the two of you get this recap. Private notes stay with whoever wrote them and "
    "never appear here. Edit it and both copies update."
)


def recap_message(recap: Recap, *, recipient_user_id: str) -> tuple[str, list[Block]]:
    """(fallback text, blocks) for one of the two people; everything but the greeting is shared."""
    other = (
        recap.partner_user_id
        if recipient_user_id == recap.employee_user_id
        else recap.employee_user_id
    )
    greeting = render("recap_greeting.j2", recipient=recipient_user_id, other=other)
    return recap_text(recap), [section(greeting), *recap_body(recap)]


def recap_text(recap: Recap) -> str:
    return TEXT.format(
        employee=mention(recap.employee_user_id),
        partner=mention(recap.partner_user_id),
        day=day(recap.held_on),
    )


def recap_body(recap: Recap) -> list[Block]:
    """What both copies show, with buttons: done per open item, edit, add to calendar."""
    body = render(
        "recap.j2",
        held_on=recap.held_on,
        kind=recap.kind,
        kinds=KINDS,
        employee=recap.employee_user_id,
        partner=recap.partner_user_id,
        shared_notes=recap.shared_notes,
        goals=recap.goals,
        goals_total=recap.goals_total,
        horizons=HORIZONS,
        next_on=recap.next_on,
        follow_up=recap.follow_up,
        follow_ups=FOLLOW_UPS,
    )
    blocks = long_sections(body)
    blocks.append(section(STEPS_TITLE))
    blocks += [item_block(item, Ids.ITEM_DONE) for item in recap.items] or [context(NO_STEPS)]
    actions = [button("Edit recap", Ids.EDIT, value=str(recap.conversation_id))]
    if recap.next_on:
        actions.append(button("Add to calendar", Ids.CALENDAR, value=str(recap.conversation_id)))
    blocks.append({"type": "actions", "block_id": Ids.ACTIONS, "elements": actions})
    blocks.append(context(FOOTER))
    return blocks


def item_block(item: RecapItem, done_action: str) -> Block:
    """One next step with its owner and due date; open ones get a Done button."""
    line = render(
        "recap_item.j2",
        body=item.body,
        owner=item.owner_user_id,
        due_on=item.due_on,
        done=item.done,
    )
    block = section(line)
    if not item.done:
        block["accessory"] = button("Done", done_action, value=str(item.id))
    return block
