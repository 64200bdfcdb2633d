"""The handover question, its answered form and the new manager's introduction."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.blocks.handover import (
    NOTHING_PASSED,
    OWNERSHIP,
    answered_message,
    intro_message,
    question_message,
)
from bot.blocks.ids import Handover as Ids
from bot.blocks.sections import SECTION_MAX
from bot.shapes.org import Offer, Passed
from tests.support.fakeslack.blockkit import check_message_blocks
from tests.support.slack_dates import shown

OFFER = Offer(
    handover_id=9,
    employee_user_id="U0EMP",
    old_manager_user_id="U0OLD",
    new_manager_user_id="U0NEW",
    goals=3,
    last_recap_on=date(2025, 2, 10),
    items=0,
)


def _by_id(blocks: list[dict[str, Any]], block_id: str) -> dict[str, Any]:
    (block,) = [b for b in blocks if b.get("block_id") == block_id]
    return block


def test_the_question_is_valid_and_offers_three_choices_with_counts() -> None:
    text, blocks = question_message(OFFER)
    assert check_message_blocks(blocks) == []
    assert text == "Your manager changed: what would you like to pass on to <@U0NEW>?"
    (boxes,) = _by_id(blocks, Ids.CHOICES_BLOCK)["elements"]
    assert boxes["action_id"] == Ids.CHOICES
    options = [(o["value"], o["text"]["text"]) for o in boxes["options"]]
    assert options == [
        ("goals", "*Your goals* — 3 active"),
        ("recap", f"*Your last recap* — {shown(date(2025, 2, 10))}"),
        ("items", "*Your open next steps* — none open"),
    ]
    buttons = _by_id(blocks, Ids.ACTIONS)["elements"]
    assert [(b["action_id"], b["value"]) for b in buttons] == [
        (Ids.PASS_ON, "9"),
        (Ids.SHARE_NOTHING, "9"),
    ]
    assert blocks[-1]["elements"][0]["text"] == OWNERSHIP
    assert "<@U0OLD> no longer sees" in blocks[0]["text"]["text"]


def test_nothing_to_offer_is_said_in_words() -> None:
    empty = Offer(9, "U0EMP", "U0OLD", "U0NEW", goals=0, last_recap_on=None, items=2)
    _, blocks = question_message(empty)
    (boxes,) = _by_id(blocks, Ids.CHOICES_BLOCK)["elements"]
    details = [o["text"]["text"].split(" — ")[1] for o in boxes["options"]]
    assert details == ["no active goals yet", "no recap yet", "2 open"]


def test_the_answer_lists_what_was_passed_in_a_fixed_order() -> None:
    text, blocks = answered_message(new_manager_user_id="U0NEW", choices=["items", "goals"])
    assert text == ":white_check_mark: Passed on to <@U0NEW>: your goals, your open next steps."
    assert check_message_blocks(blocks) == [] and blocks[0]["text"]["text"] == text
    assert not [b for b in blocks if b["type"] == "actions"]
    text, _ = answered_message(new_manager_user_id="U0NEW", choices=["bogus"])
    assert text == NOTHING_PASSED.format(manager="<@U0NEW>")


def test_the_introduction_says_when_nothing_was_passed() -> None:
    nothing = Passed("U0EMP", "U0NEW", [], 0, None, "", [], 0)
    text, blocks = intro_message(nothing)
    assert text == "<@U0EMP> now reports to you"
    said = " ".join(b["text"]["text"] for b in blocks)
    assert "Nothing from before was passed on to you" in said
    assert "Their active goals" not in said


def test_the_introduction_escapes_typed_text_counts_the_rest_and_fits() -> None:
    passed = Passed(
        employee_user_id="U0EMP",
        new_manager_user_id="U0NEW",
        goals=["<!channel> first", "second"],
        goals_total=5,
        recap_on=date(2025, 2, 10),
        recap_notes="line one\n" + "n" * 4000,
        items=[("Book <course>", date(2025, 3, 1)), ("Ask", None)],
        items_total=2,
    )
    _, blocks = intro_message(passed)
    assert check_message_blocks(blocks) == []
    assert all(len(b["text"]["text"]) <= SECTION_MAX for b in blocks)
    said = "\n".join(b["text"]["text"] for b in blocks)
    assert "• &lt;!channel&gt; first" in said and "<!channel>" not in said
    assert "_…and 3 more._" in said
    assert f"*Their last recap* ({shown(date(2025, 2, 10))})" in said and "> line one" in said
    assert (
        f"• Book &lt;course&gt; — due {shown(date(2025, 3, 1))}" in said
        and "• Ask\n" in said + "\n"
    )
