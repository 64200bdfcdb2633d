"""What listeners need besides the payload, handed to them through Bolt's context."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Engine

from bot.clock import Clock
from bot.config import Settings

CONTEXT_KEY = "deps"
# Set in a request's context by the HTTP entry once it has verified the request's signature.
VERIFIED = "signature_verified"


@dataclass(frozen=True)
class Deps:
    settings: Settings
    engine: Engine
    clock: Clock


def deps_of(context: Any) -> Deps:
    deps = context[CONTEXT_KEY]
    assert isinstance(deps, Deps)
    return deps
