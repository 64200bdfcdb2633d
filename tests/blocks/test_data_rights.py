"""The delete confirmation and the export comment: valid Block Kit, honest counts."""

from __future__ import annotations

import pytest
from slack_sdk.models.blocks import Block

from bot.blocks.data_rights import counted, delete_confirmation, export_comment
from bot.blocks.ids import DataRights as Ids
from bot.shapes.privacy import Preview
from tests.support.fakeslack.blockkit import check_message_blocks

NOTHING = Preview(preps=0, goals=0, skills=0, conversations=0, reports=0, teams_led=0)
PLENTY = Preview(preps=40, goals=60, skills=30, conversations=120, reports=12, teams_led=3)


@pytest.mark.parametrize("preview", [NOTHING, PLENTY], ids=["nothing", "plenty"])
def test_the_confirmation_is_valid_and_its_button_asks_again(preview: Preview) -> None:
    text, blocks = delete_confirmation(preview, person_id=7)
    assert text and check_message_blocks(blocks) == []
    assert [Block.parse(b).to_dict() for b in blocks] == blocks  # type: ignore[union-attr]
    (actions,) = [b for b in blocks if b["type"] == "actions"]
    (button,) = actions["elements"]
    assert (button["action_id"], button["value"], button["style"]) == (
        Ids.DELETE_CONFIRM,
        "7",
        "danger",
    )
    dialog = button["confirm"]
    assert dialog["style"] == "danger" and len(dialog["text"]["text"]) <= 300


def test_the_confirmation_says_who_is_left_without_a_manager_or_lead() -> None:
    _, blocks = delete_confirmation(PLENTY, person_id=7)
    said = " ".join(b["text"]["text"] for b in blocks if b["type"] == "section")
    assert "40 preps, 60 goals, 30 skills" in said and "120 conversations" in said
    assert "12 people reporting to you will have no manager" in said
    assert "3 teams you lead will have no lead" in said
    _, blocks = delete_confirmation(NOTHING, person_id=7)
    said = " ".join(b["text"]["text"] for b in blocks if b["type"] == "section")
    assert "no preps, no goals, no skills" in said and "reporting to you" not in said


def test_counts_read_as_words() -> None:
    assert [counted(n, "goal") for n in (0, 1, 2)] == ["no goals", "1 goal", "2 goals"]
    assert counted(3, "person", "people") == "3 people"
    assert "1 prep, no goals, 2 skills and 1 conversation" in export_comment(
        preps=1, goals=0, skills=2, conversations=1
    )
