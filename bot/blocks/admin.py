"""The workspace admin modal, its confirmation, and the refusal for everyone else."""

from __future__ import annotations

from typing import Any

from bot.blocks.ids import Admin as Ids
from bot.blocks.inputs import modal, number_input, select, text_input, user_select
from bot.blocks.settings import CADENCE_OPTIONS
from bot.blocks.text import context, section
from bot.shapes.workspaces import (
    MAX_ADMINS,
    MAX_MIN_GROUP,
    MAX_NUDGE_CAP,
    MAX_RETENTION_MONTHS,
    AdminSettings,
)

AWAY_WORDS_MAX_LENGTH = 1000  # Workspace.away_words; the service checks each word's length

TITLE = "Workspace settings"
HOURS = [(str(hour), f"{hour:02d}:00") for hour in range(24)]
WEEKDAYS = [
    (str(n), name)
    for n, name in enumerate(
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    )
]
INTRO = (
    "These settings apply to everyone in this workspace. Times are each person's own local "
    "time (the digest follows the team lead's)."
)
ONLY_ADMINS = (
    "Only workspace admins can change the workspace settings. Slack's workspace admins and "
    "owners can, and so can the people they add as career-bot admins — ask one of them."
)
SAVED = "Saved. Reminders and digests follow the new settings from their next run."


def admin_modal(current: AdminSettings) -> dict[str, Any]:
    blocks = [
        section(INTRO),
        select(
            "cadence",
            "Default cadence",
            CADENCE_OPTIONS,
            initial=current.cadence,
            hint="For people who haven't chosen their own in their settings.",
        ),
        select("quiet_start", "Quiet hours start", HOURS, initial=current.quiet_start),
        select(
            "quiet_end",
            "Quiet hours end",
            HOURS,
            initial=current.quiet_end,
            hint="No reminders between start and end. Same start and end = no quiet hours.",
        ),
        select("digest_weekday", "Digest day", WEEKDAYS, initial=current.digest_weekday),
        select(
            "digest_hour",
            "Digest time",
            HOURS,
            initial=current.digest_hour,
            hint="When the weekly team digest is posted, in the team lead's time zone.",
        ),
        _number(
            "min_group_size",
            "Minimum group size",
            current.min_group_size,
            maximum=MAX_MIN_GROUP,
            hint="Digests never break out a group smaller than this. 3 or more is recommended.",
        ),
        _number(
            "weekly_nudge_cap",
            "Reminders per person per week, at most",
            current.weekly_nudge_cap,
            maximum=MAX_NUDGE_CAP,
            hint="Lapse reminders, nudges, follow-ups and prep reminders all count.",
        ),
        _number(
            "retention_months",
            "Keep conversations for (months)",
            current.retention_months,
            maximum=MAX_RETENTION_MONTHS,
            optional=True,
            hint="Older conversations are deleted. Leave empty to keep everything.",
        ),
        user_select(
            "admins",
            "Career-bot admins",
            multi=True,
            initial_many=current.admin_user_ids,
            optional=True,
            hint=(
                f"Up to {MAX_ADMINS} people who may change these settings. Slack's workspace "
                "admins and owners always can."
            ),
        ),
        text_input(
            "away_words",
            "Words in a Slack status that mean away",
            initial=current.away_words,
            max_length=AWAY_WORDS_MAX_LENGTH,
            optional=True,
            hint=(
                "Separated by commas, matched as whole words in any case. While someone's status "
                "has one of them, a holiday or sick emoji, or an end time, reminders to them wait "
                "(recaps never do). Leave empty to go by the emoji and end time only."
            ),
        ),
    ]
    return modal(title=TITLE, callback_id=Ids.MODAL, blocks=blocks)


def saved_modal() -> dict[str, Any]:
    return modal(
        title=TITLE,
        callback_id=Ids.SAVED,
        blocks=[section(f":white_check_mark: {SAVED}"), context("You can change them any time.")],
        submit=None,
        close="Done",
    )


def refused_modal() -> dict[str, Any]:
    """Shown in place of the form when the submitter turns out not to be an admin."""
    return modal(
        title=TITLE,
        callback_id=Ids.REFUSED,
        blocks=[section(f":lock: {ONLY_ADMINS}"), context("Nothing was changed.")],
        submit=None,
        close="Close",
    )


def _number(
    name: str,
    label: str,
    initial: str | None,
    *,
    maximum: int,
    hint: str,
    optional: bool = False,
) -> dict[str, Any]:
    value = int(initial) if initial and initial.isdigit() else None
    return number_input(
        name, label, initial=value, optional=optional, hint=hint, min_value=1, max_value=maximum
    )
