"""The goal builders: valid Block Kit at any size, escaped text, honest budgets."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.blocks.goals import LIST_BLOCKS, goal_form, goal_summary_blocks, goals_modal
from bot.blocks.ids import Goals as Ids
from bot.models import Goal, Skill
from tests.support.fakeslack.blockkit import check_message_blocks, check_view
from tests.support.slack_dates import raw_tokens, shown

TODAY = date(2025, 3, 10)
NOW = datetime(2025, 3, 10, 9, tzinfo=UTC)
HORIZONS = ("short", "medium", "long")


def goal(n: int, *, status: str = "active", title: str | None = None, **fields: object) -> Goal:
    values: dict[str, object] = {
        "id": n,
        "person_id": 1,
        "title": title or f"Goal number {n}",
        "experiment": "Try it",
        "horizon": HORIZONS[n % 3],
        "target_on": TODAY + timedelta(days=30 * (n + 1)),
        "status": status,
        "created_at": NOW,
        "updated_at": NOW,
        **fields,
    }
    return Goal(**values)


def many(count: int) -> list[Goal]:
    statuses = ("active", "active", "done", "dropped")
    return [goal(n, status=statuses[n % 4], title="<!channel> " + "x" * 140) for n in range(count)]


def _actions(blocks: list[dict]) -> list[tuple[str, str]]:
    found = []
    for block in blocks:
        elements = block.get("elements", []) if block["type"] == "actions" else []
        if "accessory" in block:
            elements = [block["accessory"]]
        found += [(e["action_id"], e.get("value", "")) for e in elements]
    return found


def test_an_active_goal_shows_its_line_with_edit_done_and_drop() -> None:
    blocks = goal_summary_blocks([goal(7, title="Lead the <@U123> review")], limit=10, today=TODAY)
    assert check_message_blocks(blocks) == []
    assert len(blocks) == 2
    text = blocks[0]["text"]["text"]
    assert "Lead the &lt;@U123&gt; review" in text and "<@U123>" not in text
    assert "short term" in text or "medium term" in text or "long term" in text
    assert f"by {shown(TODAY + timedelta(days=240))}" in text
    assert _actions(blocks) == [(Ids.EDIT, "7"), (Ids.DONE, "7"), (Ids.DROP, "7")]


def test_finished_goals_take_one_block_without_buttons() -> None:
    blocks = goal_summary_blocks([goal(1, status="done"), goal(2, status="dropped")], limit=10)
    assert check_message_blocks(blocks) == []
    assert len(blocks) == 2
    assert _actions(blocks) == []
    assert "done" in blocks[0]["text"]["text"] and "dropped" in blocks[1]["text"]["text"]


def test_active_goals_come_first_by_horizon_then_date_and_overdue_ones_say_so() -> None:
    goals = [
        goal(1, status="done", horizon="short"),
        goal(2, horizon="long"),
        goal(3, horizon="short", target_on=TODAY - timedelta(days=1)),
        goal(4, horizon="short", target_on=TODAY + timedelta(days=1)),
    ]
    blocks = goal_summary_blocks(goals, limit=20, today=TODAY)
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert [s.split("*")[1] for s in sections] == [
        "Goal number 3",
        "Goal number 4",
        "Goal number 2",
        "Goal number 1",
    ]
    assert "past its date" in sections[0] and "past its date" not in sections[1]


@pytest.mark.parametrize("limit", [0, 1, 2, 3, 4, 7, 20, 89, 90, 99])
def test_the_summary_never_exceeds_its_budget_and_counts_the_rest(limit: int) -> None:
    goals = many(60)  # 30 active (two blocks each) and 30 finished (one each): 90 blocks
    blocks = goal_summary_blocks(goals, limit=limit, today=TODAY)
    assert len(blocks) <= limit
    assert check_message_blocks(blocks[:50]) == []
    assert check_message_blocks(blocks[50:]) == []
    if limit == 0:
        assert blocks == []
        return
    shown = sum(1 for b in blocks if b["type"] == "section")
    if limit >= 90:
        assert shown == 60 and blocks[-1]["type"] != "context"
        return
    more = blocks[-1]["elements"][0]["text"]
    assert more.startswith(f"+{60 - shown} more goals")


def test_everything_shows_when_it_fits_exactly() -> None:
    goals = [goal(1), goal(2), goal(3, status="done")]
    assert len(goal_summary_blocks(goals, limit=5)) == 5
    assert goal_summary_blocks(goals, limit=4)[-1]["type"] == "context"


def test_the_goals_modal_stays_valid_with_sixty_goals() -> None:
    active = [g for g in many(60) if g.status == "active"] + [goal(100 + n) for n in range(30)]
    view = goals_modal(active, done=15, dropped=15, today=TODAY, notice="Saved.")
    assert check_view(view) == []
    assert len(view["blocks"]) <= 100
    text = json.dumps(view)
    assert "<!channel>" not in text and "&lt;!channel&gt;" in text
    assert "more goals not shown" in text
    assert "15 done and 15 dropped" in text
    assert view["blocks"][-1]["elements"][0]["action_id"] == Ids.ADD
    assert sum(1 for b in view["blocks"] if b["type"] == "actions") <= LIST_BLOCKS


def test_an_empty_goals_modal_invites_a_first_goal() -> None:
    view = goals_modal([], today=TODAY)
    assert check_view(view) == []
    assert "No active goals" in json.dumps(view)


def test_the_new_goal_form_is_valid_and_explains_the_default_dates() -> None:
    view = goal_form(None, skills=[], today=TODAY)
    assert check_view(view) == []
    assert view["callback_id"] == Ids.FORM and view["private_metadata"] == ""
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert list(inputs) == [
        "title",
        "relevant",
        "experiment",
        "aspiration",
        "learning",
        "horizon",
        "target_on",
    ]
    assert [n for n, b in inputs.items() if not b["optional"]] == ["title", "experiment", "horizon"]
    hint = inputs["target_on"]["hint"]["text"]
    assert "10 Sep 2025, 10 Mar 2026, 10 Sep 2026" in hint  # plain_text: no date tokens
    assert raw_tokens(view) == []
    assert "/career-prep skills" in json.dumps(view)


def test_the_edit_form_is_prefilled_and_offers_only_the_given_skills() -> None:
    skills = [Skill(id=n, person_id=1, name=f"Skill {n} " + "y" * 90) for n in range(1, 120)]
    existing = goal(
        9,
        title="Speak at a meetup",
        relevant="Visibility",
        horizon="medium",
        skill_id=3,
        target_on=date(2025, 9, 1),
    )
    view = goal_form(existing, skills=skills, today=TODAY)
    assert check_view(view) == []
    assert view["private_metadata"] == "9"
    inputs = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert inputs["title"]["initial_value"] == "Speak at a meetup"
    assert inputs["relevant"]["initial_value"] == "Visibility"
    assert inputs["horizon"]["initial_option"]["value"] == "medium"
    assert inputs["target_on"]["initial_date"] == "2025-09-01"
    assert inputs["skill"]["initial_option"]["value"] == "3"
    assert len(inputs["skill"]["options"]) == 100
    assert all(len(o["text"]["text"]) <= 75 for o in inputs["skill"]["options"])
