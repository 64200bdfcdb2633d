"""A pair's past conversations: newest first, shared notes only, shortened and escaped."""

from __future__ import annotations

from datetime import date

from bot.blocks.history import (
    NOTES_MAX,
    PRIVATE,
    history_blocks,
    history_modal,
    history_picker,
)
from bot.blocks.ids import History as Ids
from bot.shapes.conversations import Entry
from tests.support.fakeslack.blockkit import check_view
from tests.support.slack_dates import shown

ENTRY = Entry(
    conversation_id=3,
    held_on=date(2025, 2, 10),
    kind="manager",
    employee_user_id="U0EMP",
    shared_notes="<!here> we talked\nabout growth",
    items_total=3,
    items_done=1,
    next_on=date(2025, 5, 1),
)


def test_no_conversations_yet_says_how_to_log_one() -> None:
    (block,) = history_blocks([], partner_user_id="U0MGR")
    assert block["text"]["text"] == (
        "No conversations with <@U0MGR> logged yet. Log one with `/career-prep log`."
    )


def test_an_entry_shows_day_kind_employee_notes_and_counts() -> None:
    blocks = history_blocks([ENTRY], partner_user_id="U0MGR", total=1)
    assert blocks[0]["text"]["text"] == "*Your conversations with <@U0MGR>*"
    lines = blocks[1]["text"]["text"].split("\n")
    assert lines[0].startswith(f"*{shown(date(2025, 2, 10))}* · ") and lines[0].endswith(
        "<@U0EMP> (employee)"
    )
    assert lines[1:3] == ["> &lt;!here&gt; we talked", "> about growth"]
    assert lines[3] == f"_1 of 3 next steps done · next planned {shown(date(2025, 5, 1))}_"
    assert blocks[-1]["elements"][0]["text"] == PRIVATE
    assert len(blocks) == 3  # nothing older to count


def test_long_notes_are_shortened_and_older_ones_counted() -> None:
    long = Entry(4, date(2025, 1, 1), "peer", "U0EMP", "word " * 300, 0, 0, None)
    blocks = history_blocks([long], partner_user_id="U0MGR", total=12)
    quoted = blocks[1]["text"]["text"].split("\n")[1]
    assert quoted.endswith("…") and len(quoted) <= len("> ") + NOTES_MAX
    assert "next planned" not in blocks[1]["text"]["text"]
    assert blocks[2]["elements"][0]["text"] == "_11 older conversations not shown._"


def test_the_picker_and_modal_are_valid_views() -> None:
    picker = history_picker(partner_user_id="U0MGR")
    assert check_view(picker) == [] and picker["callback_id"] == Ids.PICKER
    assert picker["blocks"][0]["element"]["initial_user"] == "U0MGR"
    assert picker["submit"]["text"] == "Show"
    assert "initial_user" not in history_picker()["blocks"][0]["element"]
    modal = history_modal([ENTRY], partner_user_id="U0MGR", total=1)
    assert check_view(modal) == [] and modal["callback_id"] == Ids.MODAL
    assert "submit" not in modal and modal["close"]["text"] == "Done"
