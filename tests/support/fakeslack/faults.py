"""Faults the fake Slack injects (429, 5xx, slow, dropped connections, error answers) and
calls it holds unanswered until the test releases them."""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass
from typing import Literal

from tests.support.fakeslack.wire import _Answer, _ratelimited

# "drop": the connection drops before Slack acts; "drop_after": Slack acts (a message is
# posted), then the connection drops before the answer, so the caller cannot tell.
FaultKind = Literal["ratelimited", "server_error", "slow", "drop", "drop_after", "error"]
HOLD_LIMIT = 120.0  # seconds a held call waits for `release()` at most
_FAULT_KINDS = ("ratelimited", "server_error", "slow", "drop", "drop_after", "error")


@dataclass
class _Fault:
    kind: FaultKind
    times: int | None
    probability: float | None
    rng: random.Random
    retry_after: int
    status: int
    delay: float
    error: str | None

    def fires(self) -> bool:
        if self.times is not None and self.times <= 0:
            return False
        if self.probability is not None and self.rng.random() >= self.probability:
            return False
        if self.times is not None:
            self.times -= 1
        return True


def _fault_answer(fault: _Fault) -> _Answer:
    if fault.kind == "ratelimited":
        return _ratelimited(fault.retry_after)
    if fault.kind == "server_error":
        return _Answer(fault.status, {"ok": False, "error": "fatal_error"}, {})
    if fault.kind == "drop":
        return _Answer(0, None, {})
    return _Answer(200, {"ok": False, "error": fault.error}, {})


class FaultControl:
    """FakeSlack's fault injection, holding and rate limits."""

    _lock: threading.Condition
    _faults: dict[str, list[_Fault]]
    _held: set[str]
    _released: threading.Event
    _rate_limits: dict[str, int]

    def inject(
        self,
        method: str,
        fault: FaultKind,
        *,
        times: int | None = None,
        probability: float | None = None,
        seed: int | None = None,
        retry_after: int = 1,
        status: int = 503,
        delay: float = 0.0,
        error: str | None = None,
    ) -> None:
        """Make calls to `method` ("*" = any) fail: every call, the first `times`, or randomly."""
        if fault not in _FAULT_KINDS:
            raise ValueError(f"unknown fault {fault!r}; one of {', '.join(_FAULT_KINDS)}")
        if fault == "error" and not error:
            raise ValueError('fault "error" needs error="..." (e.g. "account_inactive")')
        rule = _Fault(
            fault, times, probability, random.Random(seed), retry_after, status, delay, error
        )
        with self._lock:
            self._faults.setdefault(method, []).append(rule)

    def _fault_for(self, method: str) -> _Fault | None:
        with self._lock:
            rules = self._faults.get(method, []) + self._faults.get("*", [])
            return next((rule for rule in rules if rule.fires()), None)

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()
        self.release()

    def hold(self, method: str) -> None:
        """Keep calls to `method` waiting, unanswered and not acted on, until `release()`.

        Unlike a "slow" fault, no clock decides when they go on: a test can kill their callers
        while they wait, then let Slack act on them.
        """
        with self._lock:
            self._held.add(method)
            self._released.clear()

    def release(self) -> None:
        """Let the held calls go on (Slack acts on each, even if its caller is gone)."""
        with self._lock:
            self._held.clear()
            self._released.set()

    def set_rate_limit(self, method: str, per_minute: int | None) -> None:
        """Answer 429 once `method` got `per_minute` calls in the last 60 s (None: off)."""
        with self._lock:
            if per_minute is None:
                self._rate_limits.pop(method, None)
            else:
                self._rate_limits[method] = per_minute
