"""`/career-prep guide` end to end, and the prompt bank an organisation edits."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from bot.blocks.ids import Guide as Ids
from bot.services.conversations.guide import (
    PART_KEYS,
    PromptBankError,
    load_bank,
    next_alternative,
    parse_bank,
)
from tests.support import slack_requests
from tests.support.app_server import AppServer
from tests.support.fakeslack.blockkit import check_message_blocks
from tests.support.fakeslack.fixtures import EMPLOYEE
from tests.support.guide_bank import raw_bank
from tests.support.slack_ui import open_guide, outbox_recorded

TEAM = "T0TEST0001"


def _click(app_server: AppServer, message: dict[str, Any], n: int) -> dict[str, Any]:
    """Press "Another question" on the message as Slack shows it now; returns the update."""
    button = next(
        e
        for b in message["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == Ids.ALTERNATIVE_PROMPT
    )
    body = slack_requests.block_actions(
        user_id=EMPLOYEE,
        team_id=TEAM,
        action_id=Ids.ALTERNATIVE_PROMPT,
        block_id=Ids.ACTIONS,
        value=button["value"],
        trigger_id=app_server.fake.issue_trigger_id(),
        channel_id=message["channel"],
        message={"type": "message", "ts": message["ts"], "text": "", "blocks": message["blocks"]},
    )
    status, _, _ = app_server.post(body)
    assert status == 200
    call = app_server.fake.wait_for("chat.update", n)[-1]
    assert call.ok, call.error
    assert check_message_blocks(call.args["blocks"]) == []
    return {"channel": message["channel"], "ts": message["ts"], **call.args}


def _alternatives_in(message: dict[str, Any]) -> list[str]:
    bank = load_bank()
    raw = json.dumps(message["blocks"])
    return [a.key for a in bank.alternatives if json.dumps(a.text)[1:-1] in raw]


def test_the_guide_arrives_as_a_dm_in_three_timed_parts(app_server: AppServer) -> None:
    message = open_guide(app_server)
    headers = [b["text"]["text"] for b in message["blocks"] if b["type"] == "header"]
    assert headers[1:] == ["1. Goals · 20 min", "2. Action plan · 20 min", "3. Next steps · 20 min"]
    text = json.dumps(message["blocks"])
    assert "time flew" in text and "What does a 10 look like?" in text
    assert "What can you start this week" in text
    assert _alternatives_in(message) == []


def test_another_question_never_repeats_and_says_when_the_bank_is_empty(
    app_server: AppServer, engine: Engine
) -> None:
    message = open_guide(app_server)
    outbox_recorded(engine, message["ts"])  # what the click is checked against
    bank = load_bank()
    seen: list[str] = []
    for n in range(1, len(bank.alternatives) + 1):
        message = _click(app_server, message, n)
        shown = _alternatives_in(message)
        new = [key for key in shown if key not in seen]
        assert len(new) == 1, f"click {n} showed {new}"
        seen += new
    assert sorted(seen) == sorted(a.key for a in bank.alternatives)
    assert all(b["type"] != "actions" for b in message["blocks"])
    assert "every other question I have" in json.dumps(message["blocks"])


def test_a_tampered_button_value_is_only_data(app_server: AppServer, engine: Engine) -> None:
    message = open_guide(app_server)
    outbox_recorded(engine, message["ts"])
    actions = next(b for b in message["blocks"] if b["type"] == "actions")
    actions["elements"][0]["value"] = "shown:nope,five_years,five_years,<!channel>"
    updated = _click(app_server, message, 1)
    shown = _alternatives_in(updated)
    assert "five_years" in shown and len(shown) == 2
    assert "<!channel>" not in json.dumps(updated["blocks"])


# ---- the prompt bank ------------------------------------------------------------------------


def test_the_packaged_bank_covers_every_alternative_theme() -> None:
    bank = load_bank()
    assert tuple(p.key for p in bank.parts) == PART_KEYS
    assert all(p.minutes == 20 for p in bank.parts)
    themes = {a.theme for a in bank.alternatives}
    assert themes == {
        "Five-year view",
        "Obstacles",
        "Support needed",
        "Target dates",
        "How realistic",
    }


def test_next_alternative_draws_each_prompt_once() -> None:
    bank = load_bank()
    rng = random.Random(7)
    shown: list[str] = []
    while (fresh := next_alternative(bank, shown, rng=rng)) is not None:
        assert fresh.key not in shown
        shown.append(fresh.key)
    assert len(shown) == len(bank.alternatives)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r.pop("parts"), "`parts` must be"),
        (lambda r: r["parts"].reverse(), "parts must be, in order"),
        (lambda r: r["parts"][0].update(minutes=0), "minutes"),
        (lambda r: r["parts"][1].update(prompts=[]), "prompts"),
        (lambda r: r["alternatives"].append(dict(r["alternatives"][0])), "used twice"),
        (lambda r: r["alternatives"][0].update(key="Has Spaces"), "lowercase"),
        (lambda r: r["alternatives"][0].update(text="x" * 501), "501 characters"),
    ],
)
def test_a_malformed_bank_fails_loudly(change: Any, message: str) -> None:
    raw = raw_bank()
    change(raw)
    with pytest.raises(PromptBankError, match=message):
        parse_bank(raw)


def test_an_unreadable_bank_file_says_which(tmp_path: Path) -> None:
    broken = tmp_path / "prompts.yaml"
    broken.write_text("parts: [unclosed", encoding="utf-8")
    with pytest.raises(PromptBankError, match=r"prompts\.yaml"):
        load_bank(broken)
