"""The conversation guide's prompt bank: three time-boxed parts and alternative prompts.

The bank is a YAML file an organisation can edit (bot/data/prompts.yaml by default); it is
checked when loaded so a typo fails loudly at the first `/career-prep guide`, not silently.
"""

from __future__ import annotations

import random
import re
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from bot.shapes.conversations import Alternative, Part, PromptBank

PART_KEYS = ("goals", "action_plan", "next_steps")
KEY = re.compile(r"^[a-z0-9_]{1,40}$")
MAX_PROMPT = 500  # a prompt is a question, not an essay; keeps every message within limits
MAX_PROMPTS = 12
MAX_ALTERNATIVES = 60  # the shown keys travel in a button value (at most 2000 characters)


class PromptBankError(ValueError):
    """The prompt file is malformed; the message says where."""


def default_bank_path() -> Path:
    return Path(str(files("bot") / "data" / "prompts.yaml"))


@cache
def load_bank(path: Path | None = None) -> PromptBank:
    """The prompt bank at `path` (default: the packaged one), validated."""
    source = path or default_bank_path()
    try:
        raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise PromptBankError(f"{source}: cannot read the prompt bank: {error}") from None
    return parse_bank(raw, source=str(source))


def parse_bank(raw: Any, *, source: str = "prompts") -> PromptBank:
    if not isinstance(raw, dict):
        raise PromptBankError(f"{source}: expected `parts` and `alternatives` at the top")
    parts = [_part(item, f"{source}: parts[{i}]") for i, item in enumerate(_list(raw, "parts"))]
    if tuple(part.key for part in parts) != PART_KEYS:
        raise PromptBankError(f"{source}: parts must be, in order: {', '.join(PART_KEYS)}")
    alternatives = [
        _alternative(item, f"{source}: alternatives[{i}]")
        for i, item in enumerate(_list(raw, "alternatives"))
    ]
    keys = [a.key for a in alternatives]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise PromptBankError(f"{source}: alternative keys used twice: {', '.join(duplicates)}")
    if not 1 <= len(alternatives) <= MAX_ALTERNATIVES:
        raise PromptBankError(f"{source}: between 1 and {MAX_ALTERNATIVES} alternatives, please")
    return PromptBank(parts=tuple(parts), alternatives=tuple(alternatives))


def next_alternative(
    bank: PromptBank, shown: list[str], *, rng: random.Random | None = None
) -> Alternative | None:
    """A random alternative prompt not shown yet in this guide; None when all were."""
    fresh = [a for a in bank.alternatives if a.key not in shown]
    return (rng or random.Random()).choice(fresh) if fresh else None


def _list(raw: dict[str, Any], name: str) -> list[Any]:
    value = raw.get(name)
    if not isinstance(value, list) or not value:
        raise PromptBankError(f"`{name}` must be a non-empty list")
    return value


def _text(item: dict[str, Any], name: str, where: str, limit: int = MAX_PROMPT) -> str:
    value = item.get(name)
    if not isinstance(value, str) or not value.strip():
        raise PromptBankError(f"{where}.{name}: missing or empty")
    if len(value) > limit:
        raise PromptBankError(f"{where}.{name}: {len(value)} characters > {limit}")
    return value.strip()


def _part(item: Any, where: str) -> Part:
    if not isinstance(item, dict):
        raise PromptBankError(f"{where}: expected key, title, minutes, aim, prompts")
    minutes = item.get("minutes")
    if not isinstance(minutes, int) or not 1 <= minutes <= 120:
        raise PromptBankError(f"{where}.minutes: a whole number of minutes, 1 to 120")
    prompts = item.get("prompts")
    if not isinstance(prompts, list) or not 1 <= len(prompts) <= MAX_PROMPTS:
        raise PromptBankError(f"{where}.prompts: a list of 1 to {MAX_PROMPTS} questions")
    if not all(isinstance(p, str) and p.strip() and len(p) <= MAX_PROMPT for p in prompts):
        raise PromptBankError(f"{where}.prompts: each a non-empty question of ≤ {MAX_PROMPT}")
    return Part(
        key=_text(item, "key", where, 40),
        title=_text(item, "title", where, 60),
        minutes=minutes,
        aim=_text(item, "aim", where),
        prompts=tuple(p.strip() for p in prompts),
    )


def _alternative(item: Any, where: str) -> Alternative:
    if not isinstance(item, dict):
        raise PromptBankError(f"{where}: expected key, theme, text")
    key = _text(item, "key", where, 40)
    if not KEY.match(key):
        raise PromptBankError(f"{where}.key: lowercase letters, digits and _ only")
    return Alternative(
        key=key, theme=_text(item, "theme", where, 60), text=_text(item, "text", where)
    )
