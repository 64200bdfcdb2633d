"""The packaged guide prompt bank as plain data (parsed YAML), for tests that break it."""

from __future__ import annotations

from typing import Any

from bot.services.conversations.guide import default_bank_path


def raw_bank() -> dict[str, Any]:
    import yaml

    loaded: dict[str, Any] = yaml.safe_load(default_bank_path().read_text(encoding="utf-8"))
    return loaded
