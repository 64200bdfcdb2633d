"""The DM a manager gets when a report is past their cadence for a career conversation."""

from __future__ import annotations

from bot.blocks.ids import Home as HomeIds
from bot.blocks.ids import Lapse as Ids
from bot.blocks.text import Block, button, context, day, section
from bot.services.lapses import Lapse

REMINDER = (
    "It's been {days} days since you and <@{report}> had a career conversation. "
    "A short one soon would mean a lot: where they want to grow, and what would help."
)
NEVER = (
    "<@{report}> joined {days} days ago and hasn't had a career conversation with you yet. "
    "A short one soon would mean a lot: where they want to grow, and what would help."
)


def lapse_message(lapse: Lapse) -> tuple[str, list[Block]]:
    """The reminder's fallback text and blocks: log it, or snooze for one or two weeks."""
    words = NEVER if lapse.last_on is None else REMINDER
    text = words.format(days=lapse.days_since, report=lapse.report_user_id)
    value = str(lapse.report_id)
    actions = {
        "type": "actions",
        "block_id": Ids.ACTIONS,
        "elements": [
            button("Log it", HomeIds.LOG_CONVERSATION, value=value, style="primary"),
            button("Snooze 1 week", Ids.SNOOZE_1_WEEK, value=value),
            button("Snooze 2 weeks", Ids.SNOOZE_2_WEEKS, value=value),
        ],
    }
    blocks = [section(text), actions]
    if lapse.last_on is not None:
        blocks.append(context(f"Last conversation: {day(lapse.last_on)}."))
    return text, blocks
