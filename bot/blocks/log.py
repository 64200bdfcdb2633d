"""The log modal: who, when, what kind, notes, next steps for both, follow-up, next date."""

from __future__ import annotations

import json
from typing import Any

from bot.blocks.ids import Log as Ids
from bot.blocks.inputs import date_input, modal, select, text_input, user_select
from bot.blocks.render import mention
from bot.blocks.text import Block, context, day, escape, section
from bot.forms import MAX_TEXT
from bot.shapes.conversations import MAX_STEP, MAX_STEPS, Prefill, Step, due_field, step_field
from bot.shapes.ids import parse_id

TITLE = "Log a conversation"
EDIT_TITLE = "Edit the recap"
KINDS = [
    ("manager", "With my manager, or my report"),
    ("mentor", "Mentoring"),
    ("peer", "With a peer"),
    ("informal", "Informal chat"),
]
FOLLOW_UPS = [
    ("one_on_ones", "In our regular 1:1s"),
    ("monthly", "A monthly check-in from me"),
    ("none", "No follow-up"),
]
INTRO = (
    "Both of you get the same recap: shared notes, next steps and the next date. "
    "Private notes are for you alone and never appear in it."
)
WHO_UNKNOWN = (
    "If they report to you (or you mentor them), they're the employee of this conversation; "
    "otherwise you are. Either of you can log it, and logging the same day again edits it."
)
WHO_THEM = "{partner} is the employee of this conversation: their goals and cadence count."
WHO_YOU = "You're the employee of this conversation: your goals and cadence count."
WITH = "*With* {partner} · either of you can edit; both recaps update in place."
PARTNER_HINT = "The person you talked with."
HELD_HINT = "Today or a day in the past."
SHARED_PLACEHOLDER = "What you talked about, what you agreed, what you'll try"
PRIVATE_HINT = "Only you ever see these, here. They're never in the recap."
STEP_PLACEHOLDER = "Something concrete, e.g. shadow an incident review"
NEXT_HINT = "Left empty: {days} days after the conversation, the employee's cadence."
NEXT_HINT_UNKNOWN = "Left empty: from the employee's cadence (quarterly by default)."
STEPS_INTRO = {
    "mine": "*Your next steps* · up to {n}, each with an optional due date",
    "theirs": "*Their next steps* · up to {n}, each with an optional due date",
}
# In an edit the other person's steps are theirs to change: shown, and added to, never edited.
THEIRS_KEPT = "*Their next steps* · only they can change these; you can add up to {n} more"
THEIRS_FULL = "*Their next steps* · only they can change these"
THEIR_STEP = "• {body}{due}{done}"
DUE = " · due {day}"
DONE = " · done"
LOGGED = ":white_check_mark: *Logged.* {partner} and you each got the recap in a DM from me."
UPDATED = ":white_check_mark: *Updated.* Both copies of the recap now show your changes."
REFUSED = (
    "Only the two people in this conversation can edit its recap, so nothing changed. "
    "Type `/career-prep log` to log one of your own."
)


def metadata(
    conversation_id: int | None, mine_ids: tuple[int, ...] = (), seen: str | None = None
) -> str:
    """Which conversation the modal edits, which of the actor's own steps and which version
    of it the modal shows.

    Data to look up; the handler checks the actor, a save only removes shown steps, and a save
    of an older version than the stored one is refused.
    """
    return json.dumps({"conversation": conversation_id, "mine": list(mine_ids), "seen": seen})


def _read(text: str) -> dict[str, Any]:
    try:
        raw = json.loads(text or "{}")
    except (TypeError, ValueError, RecursionError):
        return {}
    return raw if isinstance(raw, dict) else {}


def read_metadata(text: str) -> int | None:
    return parse_id(_read(text).get("conversation"))


def read_seen(text: str) -> str | None:
    seen = _read(text).get("seen")
    return seen if isinstance(seen, str) else None


def read_shown(text: str) -> frozenset[int] | None:
    """The ids of the actor's own steps the modal showed; None if it did not say."""
    shown = _read(text).get("mine")
    if not isinstance(shown, list):
        return None
    return frozenset(i for i in (parse_id(v) for v in shown) if i is not None)


def log_modal(prefill: Prefill) -> dict[str, Any]:
    """A fresh log (partner picker), or an edit of one conversation (partner fixed)."""
    editing = prefill.conversation_id is not None
    blocks: list[Block] = [context(INTRO)]
    if editing and prefill.partner_user_id:
        blocks.append(section(WITH.format(partner=mention(prefill.partner_user_id))))
    else:
        blocks.append(
            user_select(
                "partner",
                "Who did you talk with?",
                initial=prefill.partner_user_id,
                hint=PARTNER_HINT,
            )
        )
    blocks.append(context(_who(prefill)))
    blocks += [
        date_input("held_on", "When did you talk?", initial=prefill.held_on, hint=HELD_HINT),
        select("kind", "What kind of conversation?", KINDS, initial=prefill.kind, radio=True),
        text_input(
            "shared_notes",
            "Shared notes",
            initial=prefill.shared_notes,
            multiline=True,
            max_length=MAX_TEXT,
            optional=True,
            placeholder=SHARED_PLACEHOLDER,
        ),
        text_input(
            "private_notes",
            "Private notes",
            initial=prefill.private_notes,
            multiline=True,
            max_length=MAX_TEXT,
            optional=True,
            hint=PRIVATE_HINT,
        ),
    ]
    blocks += _steps("mine", prefill.mine)
    blocks += _their_steps(prefill.theirs) if editing else _steps("theirs", prefill.theirs)
    blocks += [
        select(
            "follow_up",
            "How will you follow up?",
            FOLLOW_UPS,
            initial=prefill.follow_up,
            radio=True,
        ),
        date_input(
            "next_on",
            "Next conversation",
            initial=prefill.next_on,
            optional=True,
            hint=(
                NEXT_HINT.format(days=prefill.cadence_days)
                if prefill.cadence_days
                else NEXT_HINT_UNKNOWN
            ),
        ),
    ]
    return modal(
        title=EDIT_TITLE if editing else TITLE,
        callback_id=Ids.MODAL,
        blocks=blocks,
        submit="Save and send" if not editing else "Update both",
        private_metadata=metadata(prefill.conversation_id, prefill.mine_ids, prefill.seen),
    )


def _who(prefill: Prefill) -> str:
    if prefill.actor_is_employee is None or prefill.partner_user_id is None:
        return WHO_UNKNOWN
    if prefill.actor_is_employee:
        return WHO_YOU
    return WHO_THEM.format(partner=mention(prefill.partner_user_id))


def _their_steps(steps: list[Step]) -> list[Block]:
    """An edit: the other person's steps as text, then empty slots to add to them."""
    room = max(MAX_STEPS - len(steps), 0)
    intro = THEIRS_KEPT.format(n=room) if room else THEIRS_FULL
    lines = [
        THEIR_STEP.format(
            body=escape(step.body),
            due=DUE.format(day=day(step.due_on)) if step.due_on else "",
            done=DONE if step.done else "",
        )
        for step in steps
    ]
    blocks: list[Block] = [section("\n".join([intro, *lines]))]
    return blocks + _steps("theirs", [], slots=room, intro=False)


def _steps(
    side: str, steps: list[Step], *, slots: int = MAX_STEPS, intro: bool = True
) -> list[Block]:
    blocks: list[Block] = [section(STEPS_INTRO[side].format(n=MAX_STEPS))] if intro else []
    for n in range(1, slots + 1):
        step = steps[n - 1] if n <= len(steps) else None
        who = "Your" if side == "mine" else "Their"
        label = f"{who} step {n}" + (" (done)" if step and step.done else "")
        blocks.append(
            text_input(
                step_field(side, n),
                label,
                initial=step.body if step else None,
                max_length=MAX_STEP,
                optional=True,
                placeholder=STEP_PLACEHOLDER if n == 1 else None,
            )
        )
        blocks.append(
            date_input(
                due_field(side, n),
                f"{who} step {n}: due by",
                initial=step.due_on if step else None,
                optional=True,
            )
        )
    return blocks


def logged_modal(*, partner_user_id: str, created: bool) -> dict[str, Any]:
    line = LOGGED if created else UPDATED
    return modal(
        title=TITLE,
        callback_id=Ids.LOGGED,
        blocks=[section(line.format(partner=mention(partner_user_id)))],
        submit=None,
        close="Done",
    )


def refused_modal() -> dict[str, Any]:
    return modal(
        title=EDIT_TITLE,
        callback_id=Ids.REFUSED,
        blocks=[section(REFUSED)],
        submit=None,
        close="OK",
    )
