"""The handlers' layout: every listener module is named in both import-linter contracts that
keep listeners apart, so a new one cannot slip past them."""

from __future__ import annotations

import pkgutil
import tomllib
from pathlib import Path
from typing import Any

import bot.handlers

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def _contract(name: str) -> dict[str, Any]:
    contracts = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]["contracts"]
    (found,) = [c for c in contracts if c["name"] == name]
    return dict(found)


def test_every_listener_module_is_kept_apart_and_out_of_the_shared_machinery() -> None:
    listeners = {
        f"bot.handlers.{module.name}"
        for module in pkgutil.iter_modules(bot.handlers.__path__)
        if module.name != "common"
    }
    independent = _contract("Listener modules do not import each other")
    shared = _contract("The handlers' shared machinery imports no listener module")
    assert set(independent["modules"]) == listeners
    assert set(shared["forbidden_modules"]) == listeners
    assert shared["source_modules"] == ["bot.handlers.common"]
