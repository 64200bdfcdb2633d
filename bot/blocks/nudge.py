"""The DM a report gets when their manager nudges them about a career conversation."""

from __future__ import annotations

from bot.blocks.command_words import BY_WORD, COMMAND
from bot.blocks.ids import Home as Ids
from bot.blocks.text import Block, button, context, section

NUDGE = (
    "<@{manager}> would like to have a career conversation with you soon. "
    "A few minutes of preparation makes it much better: what energises you at work, where you "
    "want to grow, and what support would help."
)


def nudge_message(*, manager_user_id: str) -> tuple[str, list[Block]]:
    text = NUDGE.format(manager=manager_user_id)
    prepare = {
        "type": "actions",
        "elements": [button("Prepare now", Ids.OPEN_PREP, style="primary")],
    }
    if not BY_WORD["prep"].available:
        return text, [section(text), context(f"Type `{COMMAND} help` to see what I can do.")]
    return text, [section(text), prepare, context(f"Or type `{COMMAND}` any time.")]
