"""The handover DMs: the question to an employee whose manager changed, and the new
manager's introduction with only what the employee passed on.

Pure builders: the entry point that sets a manager hands them down to the service that owes
these messages (`bot.services.org.handover` takes them as `ask` and `introduce`).
"""

from __future__ import annotations

from bot.blocks.ids import Handover as Ids
from bot.blocks.render import mention, render
from bot.blocks.sections import long_sections
from bot.blocks.text import Block, button, context, day
from bot.shapes.org import Offer, Passed

QUESTION_TEXT = "Your manager changed: what would you like to pass on to {manager}?"
INTRO_TEXT = "{employee} now reports to you"
OWNERSHIP = "It's your record: pass on any of these, or nothing. You answer once."
ANSWERED = ":white_check_mark: Passed on to {manager}: {what}."
NOTHING_PASSED = ":white_check_mark: Nothing from before was passed on to {manager}."
LABELS = {"goals": "your goals", "recap": "your last recap", "items": "your open next steps"}


def question_message(offer: Offer) -> tuple[str, list[Block]]:
    """Checkboxes for goals, the last recap and open next steps; Pass on or Share nothing."""
    text = QUESTION_TEXT.format(manager=mention(offer.new_manager_user_id))
    body = render(
        "handover_question.j2",
        new_manager=offer.new_manager_user_id,
        old_manager=offer.old_manager_user_id,
    )
    value = str(offer.handover_id)
    choices = {
        "type": "actions",
        "block_id": Ids.CHOICES_BLOCK,
        "elements": [
            {
                "type": "checkboxes",
                "action_id": Ids.CHOICES,
                "options": [
                    _option("goals", "Your goals", _goals(offer.goals)),
                    _option("recap", "Your last recap", _recap(offer)),
                    _option("items", "Your open next steps", _items(offer.items)),
                ],
            }
        ],
    }
    buttons = {
        "type": "actions",
        "block_id": Ids.ACTIONS,
        "elements": [
            button("Pass on", Ids.PASS_ON, value=value, style="primary"),
            button("Share nothing", Ids.SHARE_NOTHING, value=value),
        ],
    }
    return text, [*long_sections(body), choices, buttons, context(OWNERSHIP)]


def answered_message(*, new_manager_user_id: str, choices: list[str]) -> tuple[str, list[Block]]:
    """What the question turns into once answered: no more buttons."""
    manager = mention(new_manager_user_id)
    picked = [LABELS[c] for c in LABELS if c in choices]
    if picked:
        text = ANSWERED.format(manager=manager, what=", ".join(picked))
    else:
        text = NOTHING_PASSED.format(manager=manager)
    return text, long_sections(text)


def intro_message(passed: Passed) -> tuple[str, list[Block]]:
    """The new manager's introduction: only what the employee chose, every typed word escaped."""
    text = INTRO_TEXT.format(employee=mention(passed.employee_user_id))
    body = render(
        "handover_intro.j2",
        employee=passed.employee_user_id,
        nothing=passed.nothing,
        goals=passed.goals,
        goals_total=passed.goals_total,
        recap_on=passed.recap_on,
        recap_notes=passed.recap_notes,
        items=passed.items,
        items_total=passed.items_total,
    )
    return text, long_sections(body)


def _option(value: str, title: str, detail: str) -> dict[str, object]:
    return {"text": {"type": "mrkdwn", "text": f"*{title}* — {detail}"}, "value": value}


def _goals(count: int) -> str:
    return f"{count} active" if count else "no active goals yet"


def _recap(offer: Offer) -> str:
    return day(offer.last_recap_on) if offer.last_recap_on else "no recap yet"


def _items(count: int) -> str:
    return f"{count} open" if count else "none open"
