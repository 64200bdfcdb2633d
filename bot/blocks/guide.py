"""The conversation guide message: three time-boxed parts and alternative prompts on demand."""

from __future__ import annotations

from typing import Any

from bot.blocks.ids import Guide as Ids
from bot.blocks.inputs import plain
from bot.blocks.render import render
from bot.blocks.sections import long_sections
from bot.blocks.text import Block, context, divider, header, section
from bot.shapes.conversations import PromptBank

TITLE = "Your career conversation guide"
FALLBACK = "Your career conversation guide: goals, action plan and next steps"
ANOTHER = "Another question"
ANOTHER_ANGLE = "*Another angle*"
EXHAUSTED = (
    "That's every other question I have for this guide, so none will repeat. "
    "Questions of your own are welcome too."
)
SHOWN_PREFIX = "shown:"
MAX_THEMES = 8
LATEST_SHOWN = 5  # older alternatives are counted, not repeated, so the message stays short


def guide_message(bank: PromptBank, *, shown: list[str]) -> tuple[str, list[Block]]:
    """The guide with the alternatives already `shown` (oldest first) and a button for more."""
    minutes = {part.minutes for part in bank.parts}
    blocks: list[Block] = [
        header(TITLE),
        context(
            render(
                "guide_intro.j2",
                each=next(iter(minutes)) if len(minutes) == 1 else None,
                total=bank.total_minutes,
            )
        ),
    ]
    for number, part in enumerate(bank.parts, start=1):
        blocks.append(header(f"{number}. {part.title} · {part.minutes} min"))
        blocks += long_sections(render("guide_part.j2", part=part))
    blocks.append(divider())
    asked = [a for a in (bank.alternative(key) for key in shown) if a is not None]
    if asked:
        blocks.append(section(ANOTHER_ANGLE))
        if len(asked) > LATEST_SHOWN:
            blocks.append(context(f"{len(asked) - LATEST_SHOWN} asked earlier in this guide."))
        for alternative in asked[-LATEST_SHOWN:]:
            blocks += long_sections(render("guide_alternative.j2", alternative=alternative))
    if len(asked) < len(bank.alternatives):
        blocks.append(_another_button([a.key for a in asked]))
        themes = list(dict.fromkeys(a.theme.lower() for a in bank.alternatives))
        listed = themes[:MAX_THEMES]
        more = len(themes) > MAX_THEMES
        blocks.append(context(render("guide_themes.j2", themes=listed, more=more)))
    else:
        blocks.append(context(EXHAUSTED))
    return FALLBACK, blocks


def shown_keys(value: str | None) -> list[str]:
    """The alternative keys a button says were shown: data, deduplicated, order kept."""
    if not value or not value.startswith(SHOWN_PREFIX):
        return []
    keys = [k for k in value.removeprefix(SHOWN_PREFIX).split(",") if k]
    return list(dict.fromkeys(keys))


def _another_button(shown: list[str]) -> Block:
    button: dict[str, Any] = {
        "type": "button",
        "text": plain(ANOTHER),
        "action_id": Ids.ALTERNATIVE_PROMPT,
        "value": SHOWN_PREFIX + ",".join(shown),
    }
    return {"type": "actions", "block_id": Ids.ACTIONS, "elements": [button]}
