"""Past conversations of a pair, newest first: shared notes and counts only."""

from __future__ import annotations

from typing import Any

from bot.blocks.ids import History as Ids
from bot.blocks.inputs import modal, user_select
from bot.blocks.recap import KINDS
from bot.blocks.render import mention
from bot.blocks.text import Block, context, day, escape, section
from bot.shapes.conversations import Entry

TITLE = "Conversation history"
NOTES_MAX = 500  # escaped, up to 5 times longer: within a section
NONE_YET = "No conversations with {partner} logged yet. Log one with `/career-prep log`."
MORE = "_{count} older conversations not shown._"
PRIVATE = "Shared notes and next steps only: private notes stay with whoever wrote them."
PICK_HINT = "You see the conversations the two of you had, newest first."


def history_blocks(
    entries: list[Entry], *, partner_user_id: str, total: int | None = None
) -> list[Block]:
    """One section per conversation (newest first) and a note on what is left out."""
    partner = mention(partner_user_id)
    if not entries:
        return [section(NONE_YET.format(partner=partner))]
    blocks: list[Block] = [section(f"*Your conversations with {partner}*")]
    for entry in entries:
        lines = [
            f"*{day(entry.held_on)}* · {KINDS.get(entry.kind, entry.kind)} · "
            f"{mention(entry.employee_user_id)} (employee)"
        ]
        if entry.shared_notes:
            lines.append(_quote(_shorten(entry.shared_notes, NOTES_MAX)))
        steps = f"{entry.items_done} of {entry.items_total} next steps done"
        next_on = f" · next planned {day(entry.next_on)}" if entry.next_on else ""
        lines.append(f"_{steps}{next_on}_")
        blocks.append(section("\n".join(lines)))
    if total is not None and total > len(entries):
        blocks.append(context(MORE.format(count=total - len(entries))))
    blocks.append(context(PRIVATE))
    return blocks


def history_picker(*, partner_user_id: str | None = None) -> dict[str, Any]:
    return modal(
        title=TITLE,
        callback_id=Ids.PICKER,
        blocks=[
            user_select("partner", "Conversations with", initial=partner_user_id, hint=PICK_HINT)
        ],
        submit="Show",
    )


def history_modal(entries: list[Entry], *, partner_user_id: str, total: int) -> dict[str, Any]:
    return modal(
        title=TITLE,
        callback_id=Ids.MODAL,
        blocks=history_blocks(entries, partner_user_id=partner_user_id, total=total),
        submit=None,
        close="Done",
    )


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" for line in escape(text).splitlines() or [""])
