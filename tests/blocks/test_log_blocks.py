"""The log modal builder: valid at its fullest, prefilled, escaped where it echoes."""

from __future__ import annotations

from datetime import date

from bot.blocks.log import log_modal, logged_modal, read_metadata, refused_modal
from bot.services.conversation_parties import Prefill
from bot.services.log_form import MAX_STEP, MAX_STEPS, Step
from tests.fakeslack.blockkit import check_view

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
    )
    view = log_modal(prefill)
    assert check_view(view) == []
    assert "partner" not in _inputs(view)
    assert read_metadata(view["private_metadata"]) == 42
    assert "(done)" in str(view) and "<@U0GRACE> is the employee" in str(view)


def test_endings_are_valid() -> None:
    assert check_view(logged_modal(partner_user_id="U0GRACE", created=True)) == []
    assert check_view(refused_modal()) == []
    assert read_metadata("not json") is None and read_metadata('{"conversation": "7x"}') is None
