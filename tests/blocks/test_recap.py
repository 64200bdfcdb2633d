"""Recap, follow-up, prep reminder and history builders: valid, escaped, same for both."""

from __future__ import annotations

import json
from datetime import date, timedelta

from bot.blocks.followup import (
    PushValue,
    followup_message,
    prep_reminder_message,
    read_push_value,
)
from bot.blocks.history import history_blocks, history_modal, history_picker
from bot.blocks.ids import FollowUp as FollowUpIds
from bot.blocks.ids import Home as HomeIds
from bot.blocks.ids import Recap as Ids
from bot.blocks.recap import recap_message
from bot.shapes.conversations import Entry, FollowUp, Recap, RecapGoal, RecapItem
from tests.support.fakeslack.blockkit import check_message_blocks, check_view
from tests.support.slack_dates import raw_tokens, shown

TODAY = date(2025, 3, 10)
EVIL = "<!channel> & <@U0BOSS> <https://evil.example|x>"


def _recap(**changes: object) -> Recap:
    values: dict[str, object] = {
        "conversation_id": 5,
        "workspace_id": 1,
        "employee_user_id": "U0ADA",
        "partner_user_id": "U0GRACE",
        "held_on": TODAY,
        "kind": "manager",
        "shared_notes": (EVIL + "\n") * 40,
        "follow_up": "monthly",
        "next_on": TODAY + timedelta(days=90),
        "items": [
            RecapItem(n, "U0ADA" if n % 2 else "U0GRACE", EVIL + "y" * 250, TODAY, n == 2)
            for n in range(1, 7)
        ],
        "goals": [RecapGoal(EVIL, "short", TODAY)] * 5,
        "goals_total": 9,
        **changes,
    }
    return Recap(**values)  # type: ignore[arg-type]


def _buttons(blocks: list[dict]) -> list[tuple[str, str]]:
    found = []
    for block in blocks:
        elements = list(block.get("elements", [])) if block["type"] == "actions" else []
        if "accessory" in block:
            elements.append(block["accessory"])
        found += [(e["action_id"], e.get("value", "")) for e in elements]
    return found


def test_both_copies_are_the_same_but_for_the_greeting_and_escape_everything() -> None:
    recap = _recap()
    text_a, ada = recap_message(recap, recipient_user_id="U0ADA")
    text_g, grace = recap_message(recap, recipient_user_id="U0GRACE")
    assert text_a == text_g and ada[1:] == grace[1:] and ada[0] != grace[0]
    for blocks in (ada, grace):
        assert check_message_blocks(blocks) == []
    dumped = json.dumps(ada)
    assert "<!channel>" not in dumped and "<@U0BOSS>" not in dumped and "<https:" not in dumped
    assert "and 4 more" in dumped
    # The day it was held, in each reader's locale: in the notification text and the body.
    assert shown(TODAY) in text_a and f"*{shown(TODAY)}* · " in ada[1]["text"]["text"]
    assert raw_tokens(ada) == []
    buttons = _buttons(ada)
    assert (Ids.EDIT, "5") in buttons and (Ids.CALENDAR, "5") in buttons
    assert [v for a, v in buttons if a == Ids.ITEM_DONE] == ["1", "3", "4", "5", "6"]


def test_no_next_date_means_no_calendar_button() -> None:
    _, blocks = recap_message(_recap(next_on=None, items=[]), recipient_user_id="U0ADA")
    assert check_message_blocks(blocks) == []
    assert Ids.CALENDAR not in [a for a, _ in _buttons(blocks)]


def test_a_follow_up_gives_the_owner_done_and_push_and_the_other_done() -> None:
    followup = FollowUp(
        conversation_id=5,
        employee_user_id="U0ADA",
        partner_user_id="U0GRACE",
        next_on=TODAY,
        items=[
            RecapItem(n, "U0ADA" if n % 2 else "U0GRACE", EVIL, TODAY, False) for n in range(10)
        ],
        goals=[RecapGoal(EVIL, "long", TODAY)] * 5,
        today=TODAY,
    )
    _, blocks = followup_message(followup, recipient_user_id="U0ADA")
    assert check_message_blocks(blocks) == []
    pushes = [v for a, v in _buttons(blocks) if a == FollowUpIds.PUSH_DUE]
    # Each Push says the date it showed, so a replayed or stale click moves nothing.
    assert pushes == [f"{n}@{TODAY.isoformat()}" for n in (1, 3, 5, 7, 9)]
    assert [read_push_value(v) for v in pushes] == [PushValue(n, TODAY) for n in (1, 3, 5, 7, 9)]
    assert read_push_value("4@none") == PushValue(4, None)
    assert [read_push_value(v) for v in ("4", "4@", "4@2026-13-01", "x@none", None)] == [None] * 5
    assert len([a for a, _ in _buttons(blocks) if a == FollowUpIds.ITEM_DONE]) == 10
    assert "<!channel>" not in json.dumps(blocks)


def test_the_prep_reminder_opens_prep_for_the_employee_and_log_for_both() -> None:
    common = dict(
        employee_user_id="U0ADA",
        partner_user_id="U0GRACE",
        employee_person_id=1,
        partner_person_id=2,
        next_on=TODAY,
    )
    _, ada = prep_reminder_message(**common, recipient_user_id="U0ADA")  # type: ignore[arg-type]
    _, grace = prep_reminder_message(**common, recipient_user_id="U0GRACE")  # type: ignore[arg-type]
    for blocks in (ada, grace):
        assert check_message_blocks(blocks) == []
    assert _buttons(ada) == [(HomeIds.OPEN_PREP, ""), (HomeIds.LOG_CONVERSATION, "2")]
    assert _buttons(grace) == [(HomeIds.LOG_CONVERSATION, "1")]


def test_history_is_valid_at_its_longest_and_escaped() -> None:
    entries = [
        Entry(n, TODAY - timedelta(days=n), "peer", "U0ADA", "&" * 2000, 3, 1, TODAY)
        for n in range(10)
    ]
    blocks = history_blocks(entries, partner_user_id="U0GRACE", total=14)
    assert check_message_blocks(blocks) == []
    assert "4 older" in json.dumps(blocks)
    assert check_view(history_modal(entries, partner_user_id="U0GRACE", total=14)) == []
    assert check_view(history_picker(partner_user_id="U0GRACE")) == []
    assert "No conversations" in json.dumps(history_blocks([], partner_user_id="U0GRACE"))
