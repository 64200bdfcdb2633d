"""The DM a manager gets when a report is past their cadence, and its "Schedule it" modal."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from bot.blocks.ids import Home as HomeIds
from bot.blocks.ids import Lapse as Ids
from bot.blocks.inputs import date_input, modal
from bot.blocks.text import Block, button, context, day, section
from bot.mrkdwn import local_day
from bot.shapes.ids import parse_id
from bot.shapes.nudges import PLAN_AHEAD_DAYS, PLAN_FIELD, Lapse

REMINDER = (
    "It's been {days} days since you and <@{report}> had a career conversation. "
    "A short one soon would mean a lot: where they want to grow, and what would help."
)
NEVER = (
    "<@{report}> has no career conversation logged with you yet. "
    "A short one soon would mean a lot: where they want to grow, and what would help."
)
SCHEDULE_TITLE = "Schedule it"
SCHEDULE_INTRO = (
    "When will you and <@{report}> talk? I'll hold the reminders until then "
    "and send you a calendar invite."
)
SCHEDULE_HINT = "Today or within {days} days."
SCHEDULED = (
    ":calendar: *Scheduled:* your next career conversation with <@{report}> is on "
    "{day}. No reminders about them until then; the calendar invite is below."
)
REFUSED = "Only their current manager can schedule this conversation, so nothing changed."


def lapse_message(lapse: Lapse) -> tuple[str, list[Block]]:
    """The reminder's fallback text and blocks: log it, schedule it, or snooze 1 or 2 weeks."""
    words = NEVER if lapse.last_on is None else REMINDER
    text = words.format(days=lapse.days_since, report=lapse.report_user_id)
    value = str(lapse.report_id)
    actions = {
        "type": "actions",
        "block_id": Ids.ACTIONS,
        "elements": [
            button("Log it", HomeIds.LOG_CONVERSATION, value=value, style="primary"),
            button("Schedule it", Ids.SCHEDULE, value=value),
            button("Snooze 1 week", Ids.SNOOZE_1_WEEK, value=value),
            button("Snooze 2 weeks", Ids.SNOOZE_2_WEEKS, value=value),
        ],
    }
    blocks = [section(text), actions]
    if lapse.last_on is not None:
        blocks.append(context(f"Last conversation: {day(lapse.last_on)}."))
    return text, blocks


def schedule_metadata(report_id: int, message_ts: str | None) -> str:
    """Which report, and which reminder to update once saved: data to look up, not authority."""
    return json.dumps({"report": report_id, "ts": message_ts})


def read_schedule_metadata(text: str) -> tuple[int, str | None]:
    try:
        raw = json.loads(text or "{}")
    except ValueError:
        return 0, None
    if not isinstance(raw, dict):
        return 0, None
    ts = raw.get("ts")
    return parse_id(raw.get("report")) or 0, ts if isinstance(ts, str) else None


def schedule_modal(
    *, report_user_id: str, report_id: int, suggested: date, message_ts: str | None
) -> dict[str, Any]:
    """A date picker for the next conversation, set to the suggested day."""
    return modal(
        title=SCHEDULE_TITLE,
        callback_id=Ids.SCHEDULE_MODAL,
        blocks=[
            section(SCHEDULE_INTRO.format(report=report_user_id)),
            date_input(
                PLAN_FIELD,
                "Next career conversation",
                initial=suggested,
                hint=SCHEDULE_HINT.format(days=PLAN_AHEAD_DAYS),
            ),
        ],
        submit="Schedule",
        private_metadata=schedule_metadata(report_id, message_ts),
    )


def refused_modal() -> dict[str, Any]:
    return modal(
        title=SCHEDULE_TITLE,
        callback_id=Ids.SCHEDULE_REFUSED,
        blocks=[section(REFUSED)],
        submit=None,
        close="OK",
    )


def scheduled_message(*, report_id: int, report_user_id: str, on: date) -> tuple[str, list[Block]]:
    """The reminder once scheduled, updated in place: the day, and "Log it" for afterwards."""
    text = SCHEDULED.format(report=report_user_id, day=local_day(on, weekday=True))
    actions = {
        "type": "actions",
        "block_id": Ids.ACTIONS,
        "elements": [
            button("Log it", HomeIds.LOG_CONVERSATION, value=str(report_id), style="primary"),
        ],
    }
    return text, [section(text), actions]
