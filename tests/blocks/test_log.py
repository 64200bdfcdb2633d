"""The log modal builder: valid at its fullest, prefilled, escaped where it echoes."""

from __future__ import annotations

from datetime import date

from bot.blocks.log import (
    log_modal,
    logged_modal,
    read_metadata,
    read_seen,
    read_shown,
    refused_modal,
)
from bot.shapes.conversations import MAX_STEP, MAX_STEPS, Prefill, Step
from tests.support.fakeslack.blockkit import check_view
from tests.support.slack_dates import shown

TODAY = date(2025, 3, 10)


def _inputs(view: dict) -> list[str]:
    return [b["block_id"] for b in view["blocks"] if b["type"] == "input"]


def test_a_fresh_modal_asks_everything_and_is_valid() -> None:
    view = log_modal(Prefill(held_on=TODAY))
    assert check_view(view) == []
    names = _inputs(view)
    assert names[:5] == ["partner", "held_on", "kind", "shared_notes", "private_notes"]
    assert names[-2:] == ["follow_up", "next_on"]
    assert len(names) == 7 + 4 * MAX_STEPS
    assert read_metadata(view["private_metadata"]) is None


def test_an_edit_shows_the_partner_fixed_and_every_field_prefilled() -> None:
    long = "<!channel> " + "x" * (MAX_STEP - 11)
    prefill = Prefill(
        held_on=TODAY,
        conversation_id=42,
        partner_user_id="U0GRACE",
        kind="mentor",
        shared_notes="n" * 2000,
        private_notes="p" * 2000,
        mine=[Step(long, TODAY, done=True)] * MAX_STEPS,
        theirs=[Step("t", None)] * MAX_STEPS,
        follow_up="none",
        next_on=TODAY,
        actor_is_employee=False,
        cadence_days=30,
        mine_ids=(7, 8, 9),
        seen="2025-03-10T09:00:00+00:00",
    )
    view = log_modal(prefill)
    assert check_view(view) == []
    assert "partner" not in _inputs(view)
    assert read_metadata(view["private_metadata"]) == 42
    assert read_shown(view["private_metadata"]) == {7, 8, 9}
    assert read_seen(view["private_metadata"]) == "2025-03-10T09:00:00+00:00"
    # Their steps are theirs to change: listed as text, no slot left to add to a full list.
    assert not any(name.startswith("theirs_") for name in _inputs(view))
    assert "only they can change these" in str(view)
    assert "(done)" in str(view) and "<@U0GRACE> is the employee" in str(view)


def test_an_edit_lists_their_steps_escaped_and_leaves_room_to_add() -> None:
    prefill = Prefill(
        held_on=TODAY,
        conversation_id=42,
        partner_user_id="U0GRACE",
        theirs=[Step("<!channel> ping", TODAY, done=True)],
    )
    view = log_modal(prefill)
    assert check_view(view) == []
    theirs = [name for name in _inputs(view) if name.startswith("theirs_")]
    assert theirs == ["theirs_1", "theirs_1_due", "theirs_2", "theirs_2_due"]
    text = str(view)
    assert f"&lt;!channel&gt; ping · due {shown(TODAY)} · done" in text and "<!channel>" not in text


def test_endings_are_valid() -> None:
    assert check_view(logged_modal(partner_user_id="U0GRACE", created=True)) == []
    assert check_view(refused_modal()) == []
    assert read_metadata("not json") is None and read_metadata('{"conversation": "7x"}') is None
    assert read_shown('{"mine": "7"}') is None and read_shown('{"mine": ["7", "x"]}') == {7}
    assert read_seen("[" * 100_000) is None
