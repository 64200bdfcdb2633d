"""The guide message builder: valid Block Kit however many prompts were asked."""

from __future__ import annotations

import json

from bot.blocks.guide import LATEST_SHOWN, guide_message, shown_keys
from bot.services.conversations.guide import load_bank, parse_bank
from tests.support.fakeslack.blockkit import check_message_blocks
from tests.support.guide_bank import raw_bank


def test_a_fresh_guide_is_valid_with_a_button() -> None:
    text, blocks = guide_message(load_bank(), shown=[])
    assert text and check_message_blocks(blocks) == []
    (actions,) = [b for b in blocks if b["type"] == "actions"]
    assert actions["elements"][0]["value"] == "shown:"


def test_every_step_until_exhausted_is_valid() -> None:
    bank = load_bank()
    keys = [a.key for a in bank.alternatives]
    for n in range(len(keys) + 1):
        _, blocks = guide_message(bank, shown=keys[:n])
        assert check_message_blocks(blocks) == []
        raw = json.dumps(blocks)
        for key in keys[max(0, n - LATEST_SHOWN) : n]:
            assert json.dumps(bank.alternative(key).text)[1:-1] in raw  # type: ignore[union-attr]
    assert "every other question I have" in raw
    # Said to an employee: no operator words about banks or prompt files.
    assert "prompt file" not in raw and "in the bank" not in raw


def test_org_text_is_escaped_and_a_maximal_bank_still_fits() -> None:
    raw = raw_bank()
    raw["parts"][0]["prompts"] = ["<!channel> & " + "w" * 480] * 12
    raw["parts"][0]["aim"] = "<@U0BOSS> " + "&" * 480
    raw["alternatives"] = [
        {"key": f"k{i:02d}_" + "x" * 26, "theme": f"T{i} <!here>", "text": "<&>" * 166}
        for i in range(60)
    ]
    bank = parse_bank(raw)
    for shown in ([], [a.key for a in bank.alternatives][:30], [a.key for a in bank.alternatives]):
        _, blocks = guide_message(bank, shown=shown)
        assert check_message_blocks(blocks) == []
        text = json.dumps(blocks)
        assert "<!channel>" not in text and "<!here>" not in text and "<@U0BOSS>" not in text
    _, blocks = guide_message(bank, shown=[a.key for a in bank.alternatives][:59])
    (actions,) = [b for b in blocks if b["type"] == "actions"]
    assert len(actions["elements"][0]["value"]) <= 2000


def test_shown_keys_reads_only_data() -> None:
    assert shown_keys(None) == []
    assert shown_keys("garbage") == []
    assert shown_keys("shown:a,,b,a") == ["a", "b"]
