"""Prep builders: every step, ending and agenda message is valid Block Kit, even at the limits."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest

from bot.blocks.prep import (
    MESSAGE_MAX_BLOCKS,
    done_modal,
    employee_agenda,
    metadata,
    partner_agenda,
    prep_modal,
    read_metadata,
    refused_modal,
)
from bot.blocks.sections import long_sections
from bot.forms import MAX_TEXT
from bot.services.prep.drafts import DIRECTIONS, TEXT_FIELDS
from bot.shapes.prep import Agenda, Briefing, Draft, Line
from tests.support.fakeslack.blockkit import check_message_blocks, check_view
from tests.support.slack_dates import shown

PINGS = ("<!channel>", "<!here>", "<@U0STRANGER1>", "<#C0GENERAL1>", "<https://evil.example|x>")
LOOSE_AMPERSAND = re.compile(r"&(?!amp;|lt;|gt;)")


def _full(fill: str) -> dict[str, str]:
    answers = {name: (fill * MAX_TEXT)[:MAX_TEXT] for name in TEXT_FIELDS}
    return {**answers, "direction": "new_industry"}


def _briefing(fill: str = "<&>") -> Briefing:
    return Briefing(
        goals=[Line((fill * 200)[:200], date(2026, 1, 1), "long") for _ in range(10)],
        goals_total=25,
        items=[Line((fill * 300)[:300], date(2025, 5, 1)) for _ in range(10)],
        items_total=14,
        last_held_on=date(2025, 1, 10),
        last_notes=(fill * 1500)[:1500],
        conversations_together=3,
    )


@pytest.mark.parametrize("step", [1, 2, 3])
@pytest.mark.parametrize("draft", [Draft(prep_id=None), Draft(7, _full("<&>"), "U0MANAGER1", True)])
def test_every_step_is_a_valid_modal_that_tells_us_when_closed(step: int, draft: Draft) -> None:
    view = prep_modal(draft, step=step)
    assert check_view(view) == []
    assert view["notify_on_close"] is True
    assert read_metadata(view["private_metadata"]) == (draft.prep_id, step)
    assert ("actions" in {b["type"] for b in view["blocks"]}) == (step > 1)  # Back
    assert "twice as useful" not in json.dumps(view)  # a claim we cannot support


def test_a_draft_fills_in_every_field() -> None:
    answers = {name: f"{name} answer" for name in TEXT_FIELDS} | {"direction": "pivot"}
    draft = Draft(3, answers, partner_user_id="U0MENTOR01", shared=True)
    elements = {
        b["block_id"]: b["element"]
        for step in (1, 2, 3)
        for b in prep_modal(draft, step=step)["blocks"]
        if b["type"] == "input"
    }
    for name in TEXT_FIELDS:
        assert elements[name]["initial_value"] == f"{name} answer"
    assert elements["direction"]["initial_option"]["value"] == "pivot"
    assert elements["partner"]["initial_user"] == "U0MENTOR01"
    assert elements["share"]["initial_options"][0]["value"] == "yes"
    assert {o["value"] for o in elements["direction"]["options"]} == set(DIRECTIONS)


def test_endings_are_valid() -> None:
    for shared in (True, False):
        assert check_view(done_modal(partner_user_id="U0MANAGER1", shared=shared)) == []
    assert check_view(refused_modal()) == []


@pytest.mark.parametrize("fill", ["&", "<!channel> ", "word " * 3, "\n"])
def test_agendas_at_the_limits_stay_valid_and_never_ping(fill: str) -> None:
    agenda = Agenda("U0EMPLOYEE1", "U0MANAGER1", shared=True, answers=_full(fill))
    for text, blocks in (employee_agenda(agenda), partner_agenda(agenda, _briefing())):
        assert text
        assert check_message_blocks(blocks) == []
        assert len(blocks) <= MESSAGE_MAX_BLOCKS
        for block in blocks:
            shown = json.dumps(block)
            assert not any(ping in shown for ping in PINGS)
            if block["type"] == "section":
                assert not LOOSE_AMPERSAND.search(block["text"]["text"])


def test_the_partner_briefing_keeps_its_place_when_the_agenda_is_long() -> None:
    agenda = Agenda("U0EMPLOYEE1", "U0MANAGER1", shared=True, answers=_full("&"))
    _, blocks = partner_agenda(agenda, _briefing())
    text = json.dumps(blocks)
    assert "realistically offer" in text and "and 15 more" in text and "and 4 more" in text
    assert "shortened" in text or len(blocks) < MESSAGE_MAX_BLOCKS
    said = "\n".join(b["text"]["text"] for b in blocks if b["type"] == "section")
    assert f"the last on {shown(date(2025, 1, 10))}" in said
    assert f"due {shown(date(2025, 5, 1))}" in said and f"by {shown(date(2026, 1, 1))}" in said


def test_every_ping_a_person_types_is_escaped() -> None:
    answers = {"feeling": " ".join(PINGS), "direction": "not_sure", "improve": "x"}
    agenda = Agenda("U0EMPLOYEE1", "U0MANAGER1", shared=False, answers=answers)
    _, blocks = employee_agenda(agenda)
    shown = json.dumps(blocks)
    assert "&lt;!channel&gt;" in shown and "&lt;https://evil.example|x&gt;" in shown
    assert "<@U0MANAGER1>" in shown  # the bot's own mention of the partner still works
    assert "Not sure yet" in shown


def test_long_sections_split_between_paragraphs_and_never_inside_an_escape() -> None:
    text = "\n\n".join(["short", "&amp;" * 700, "> " + "&lt;" * 1000])
    sections = long_sections(text)
    assert all(len(s["text"]["text"]) <= 3000 for s in sections)
    assert "".join(s["text"]["text"] for s in sections).count("&amp;") == 700
    assert all(not LOOSE_AMPERSAND.search(s["text"]["text"]) for s in sections)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (metadata(5, 2), (5, 2)),
        ("", (None, 1)),
        ("not json", (None, 1)),
        ("[1, 2]", (None, 1)),
        ('{"prep": true, "step": 9}', (None, 1)),
        ('{"prep": "5", "step": 3}', (None, 3)),
    ],
)
def test_metadata_reads_defensively(raw: str, expected: tuple[Any, int]) -> None:
    assert read_metadata(raw) == expected
