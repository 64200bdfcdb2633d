"""Follow-ups between conversations and the prep reminder before one, from plain data."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.blocks.followup import (
    FOOTER,
    NO_ITEMS,
    PushValue,
    followup_message,
    prep_reminder_message,
    push_value,
    read_push_value,
)
from bot.blocks.ids import FollowUp as Ids
from bot.blocks.ids import Home as HomeIds
from bot.shapes.conversations import FollowUp, RecapGoal, RecapItem
from tests.support.fakeslack.blockkit import check_message_blocks
from tests.support.slack_dates import shown

EMPLOYEE, MANAGER = "U0EMP", "U0MGR"
TODAY = date(2025, 3, 3)
MINE = RecapItem(11, EMPLOYEE, "Book <the> course", date(2025, 3, 10), False)
THEIRS = RecapItem(12, MANAGER, "Ask finance", None, False)
FOLLOWUP = FollowUp(
    conversation_id=5,
    employee_user_id=EMPLOYEE,
    partner_user_id=MANAGER,
    next_on=date(2025, 4, 1),
    items=[MINE, THEIRS],
    goals=[RecapGoal("Lead *the* review", "short", date(2025, 3, 20))],
    today=TODAY,
)


def _actions(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [b for b in blocks if b["type"] == "actions"]


def test_the_followup_is_valid_and_names_the_other_person() -> None:
    text, blocks = followup_message(FOLLOWUP, recipient_user_id=EMPLOYEE)
    assert check_message_blocks(blocks) == []
    assert text == "A follow-up on your career conversations with <@U0MGR>"
    assert blocks[0]["text"]["text"] == (
        "Hi <@U0EMP>! A quick follow-up on your career conversations with <@U0MGR>: "
        f"the next one is on *{shown(date(2025, 4, 1))}*."
    )
    assert blocks[-1]["elements"][0]["text"] == FOOTER


def test_own_steps_get_done_and_push_others_only_done() -> None:
    _, blocks = followup_message(FOLLOWUP, recipient_user_id=EMPLOYEE)
    (actions,) = _actions(blocks)
    done, push = actions["elements"]
    assert (done["action_id"], done["value"]) == (Ids.ITEM_DONE, "11")
    assert (push["action_id"], push["value"]) == (Ids.PUSH_DUE, "11@2025-03-10")
    accessories = [b["accessory"] for b in blocks if "accessory" in b]
    assert [(a["action_id"], a["value"]) for a in accessories] == [(Ids.ITEM_DONE, "12")]
    assert "Book &lt;the&gt; course" in str(blocks)
    # The manager sees it the other way round.
    _, blocks = followup_message(FOLLOWUP, recipient_user_id=MANAGER)
    (actions,) = _actions(blocks)
    assert actions["elements"][1]["value"] == "12@none"


def test_goals_near_their_date_are_listed_and_no_steps_said() -> None:
    empty = FollowUp(5, EMPLOYEE, MANAGER, None, [], FOLLOWUP.goals, TODAY)
    _, blocks = followup_message(empty, recipient_user_id=EMPLOYEE)
    said = str(blocks)
    assert NO_ITEMS in said
    assert f"• Lead *the* review — short term, by {shown(date(2025, 3, 20))}" in said
    assert not _actions(blocks)
    none = FollowUp(5, EMPLOYEE, MANAGER, None, [], [], TODAY)
    _, blocks = followup_message(none, recipient_user_id=EMPLOYEE)
    assert "Goals reaching" not in str(blocks)
    assert blocks[0]["text"]["text"].endswith("with <@U0MGR>.")


@pytest.mark.parametrize(
    ("raw", "read"),
    [
        ("11@2025-03-10", PushValue(11, date(2025, 3, 10))),
        ("11@none", PushValue(11, None)),
        ("11", None),
        ("11@", None),
        ("x@none", None),
        ("11@2025-13-40", None),
        (None, None),
    ],
)
def test_push_values_read_back_or_are_refused(raw: object, read: PushValue | None) -> None:
    assert read_push_value(raw) == read


def test_push_value_round_trips() -> None:
    for due in (date(2025, 1, 31), None):
        assert read_push_value(push_value(42, due)) == PushValue(42, due)


def test_the_prep_reminder_offers_prep_only_to_the_employee() -> None:
    common: dict[str, Any] = {
        "employee_user_id": EMPLOYEE,
        "partner_user_id": MANAGER,
        "partner_person_id": 2,
        "employee_person_id": 1,
        "next_on": date(2025, 3, 5),
    }
    text, blocks = prep_reminder_message(**common, recipient_user_id=EMPLOYEE)
    assert check_message_blocks(blocks) == []
    assert text == f"Your career conversation with <@U0MGR> is on {shown(date(2025, 3, 5))}"
    (actions,) = _actions(blocks)
    ids = [(e["action_id"], e.get("value")) for e in actions["elements"]]
    assert ids == [(HomeIds.OPEN_PREP, None), (HomeIds.LOG_CONVERSATION, "2")]
    assert "A good moment to prepare" in blocks[0]["text"]["text"]
    assert "twice as useful" not in blocks[0]["text"]["text"]  # a claim we cannot support
    text, blocks = prep_reminder_message(**common, recipient_user_id=MANAGER)
    assert text == f"Your career conversation with <@U0EMP> is on {shown(date(2025, 3, 5))}"
    (actions,) = _actions(blocks)
    ids = [(e["action_id"], e.get("value")) for e in actions["elements"]]
    assert ids == [(HomeIds.LOG_CONVERSATION, "1")]
    assert "open next steps and goals" in blocks[0]["text"]["text"]
