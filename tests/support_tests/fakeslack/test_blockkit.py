"""The pure Block Kit validators the fake uses (also usable on builders directly)."""

from __future__ import annotations

from typing import Any

from tests.support.fakeslack.blockkit import check_message_blocks, check_view


def section(text: str = "Hi", **extra: Any) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}, **extra}


def options(n: int) -> list[dict[str, Any]]:
    return [{"text": {"type": "plain_text", "text": f"o{i}"}, "value": str(i)} for i in range(n)]


def test_valid_blocks_have_no_problems() -> None:
    assert check_message_blocks([section(), {"type": "divider"}]) == []


def test_problems_name_their_path() -> None:
    fields = [{"type": "mrkdwn", "text": "f" * 2001}]
    problems = check_message_blocks(
        [
            section(),
            {"type": "section", "fields": fields},
            {
                "type": "actions",
                "elements": [{"type": "checkboxes", "action_id": "c", "options": options(11)}],
            },
            section(colour="red"),
        ]
    )
    assert "blocks[1].fields[0].text: 2001 chars > 2000" in problems
    assert "blocks[2].elements[0].options: 11 options > 10" in problems
    assert "blocks[3].colour: unknown to Slack" in problems


def test_slack_sdk_errors_are_reported_with_the_block_path() -> None:
    assert check_message_blocks(
        [{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}]
    ) == ["blocks[0]: slack_sdk: text attribute cannot exceed 150 characters"]


def test_unknown_element_types_are_caught() -> None:
    problems = check_message_blocks([{"type": "actions", "elements": [{"type": "buton"}]}])
    assert problems == ["blocks[0].elements[0]: unknown to Slack"]


def test_not_a_list() -> None:
    assert check_message_blocks({"type": "section"}) == [
        "blocks: expected a list of blocks, got dict"
    ]


def test_markdown_blocks_share_a_12000_char_budget() -> None:
    blocks = [{"type": "markdown", "text": "m" * 7000}] * 2
    assert check_message_blocks(blocks) == ["blocks: markdown blocks total 14000 chars > 12000"]


def test_view_limits() -> None:
    view = {
        "type": "modal",
        "title": {"type": "plain_text", "text": "A title that is far too long"},
        "callback_id": "c" * 256,
        "blocks": [
            section(),
            {
                "type": "input",
                "label": {"type": "plain_text", "text": "L"},
                "element": {"type": "radio_buttons", "action_id": "r", "options": options(11)},
            },
        ],
    }
    problems = check_view(view)
    assert "view.callback_id: 256 chars > 255" in problems
    assert "view.submit: required when a modal has input blocks" in problems
    assert "view.blocks[1].element.options: 11 options > 10" in problems
    assert any(p.startswith("view: slack_sdk: ") for p in problems)


def test_view_payload_size() -> None:
    blocks = [section("x" * 2900, block_id=f"b{i}") for i in range(90)]
    assert "view: 2" in check_view({"type": "home", "blocks": blocks})[0]
    assert check_view({"type": "home", "blocks": blocks[:80]}) == []


def test_view_type_and_empty_blocks() -> None:
    problems = check_view({"type": "page", "blocks": []})
    assert problems[:2] == [
        "view.type: 'page' is not 'modal' or 'home'",
        "view.blocks: a view needs at least 1 block",
    ]
    assert problems[2].startswith("view: slack_sdk: type must be either")
