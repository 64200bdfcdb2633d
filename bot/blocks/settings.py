"""The settings modal and its confirmation."""

from __future__ import annotations

from typing import Any

from bot.blocks.ids import Settings as Ids
from bot.blocks.inputs import date_input, modal, select, text_input, user_select
from bot.blocks.text import context, section
from bot.shapes.org import MAX_MENTORS, CurrentSettings

CADENCE_OPTIONS = [
    ("monthly", "Every month"),
    ("quarterly", "Every quarter (recommended)"),
    ("six_monthly", "Every 6 months"),
    ("yearly", "Once a year"),
]
DIRECTORY_MANAGER = (
    "*Your manager:* <@{user}> (from your organisation's directory; ask your admin if this is "
    "out of date)."
)
NO_DIRECTORY_MANAGER = "Nobody yet"
SAVED = "Saved. Reminders and your Home tab now follow these settings."


def settings_modal(current: CurrentSettings) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = []
    if current.manager_from_directory and current.manager_user_id:
        blocks.append(section(DIRECTORY_MANAGER.format(user=current.manager_user_id)))
    else:
        blocks.append(
            user_select(
                "manager",
                "Your manager",
                initial=current.manager_user_id,
                optional=True,
                hint="The person you have career conversations with by default.",
            )
        )
    blocks += [
        user_select(
            "mentors",
            "Mentors",
            multi=True,
            initial_many=current.mentor_user_ids,
            optional=True,
            hint=f"Up to {MAX_MENTORS} people you'd also like career conversations with.",
        ),
        select(
            "cadence",
            "How often to talk careers",
            CADENCE_OPTIONS,
            initial=current.cadence,
            hint="Your manager gets a reminder when this much time passes without one.",
        ),
        date_input(
            "paused_until",
            "Pause reminders until",
            initial=current.paused_until,
            optional=True,
            hint="For leave or a busy stretch. Leave empty to keep reminders on.",
        ),
        text_input(
            "tz_override",
            "Time zone",
            initial=current.tz_override,
            optional=True,
            max_length=64,
            placeholder="Europe/Berlin",
            hint="Leave empty to use the time zone in your Slack profile.",
        ),
    ]
    return modal(title="Your settings", callback_id=Ids.MODAL, blocks=blocks)


def saved_modal() -> dict[str, Any]:
    return modal(
        title="Your settings",
        callback_id=Ids.SAVED,
        blocks=[section(f":white_check_mark: {SAVED}"), context("You can change them any time.")],
        submit=None,
        close="Done",
    )
