"""The `ok: false` answer the fake's method handlers raise."""

from __future__ import annotations

from typing import Any


class SlackError(Exception):
    """An `ok: false` answer; `violation` says why the call was wrong, if it was our bug."""

    def __init__(self, error: str, violation: str | None = None, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.violation = violation
        self.extra = extra


def invalid(error: str, problems: list[str]) -> SlackError:
    """Slack's shape for a rejected payload: each problem in response_metadata.messages."""
    return SlackError(
        error,
        "; ".join(problems),
        response_metadata={"messages": [f"[ERROR] {p}" for p in problems]},
    )
