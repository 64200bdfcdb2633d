"""What the fake Slack received: its calls, and the calls Slack would reject (violations)."""

from __future__ import annotations

import threading

from tests.support.fakeslack.wire import Call, _summary


class Recording:
    """FakeSlack's record of calls and violations, and waiting for them."""

    _lock: threading.Condition
    _calls: list[Call]
    _violations: list[str]
    _in_flight: int

    @property
    def calls(self) -> list[Call]:
        with self._lock:
            return list(self._calls)

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self._calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Block until at least `count` calls to `method` arrived; AssertionError on timeout."""
        with self._lock:
            arrived = self._lock.wait_for(lambda: len(self.calls_to(method)) >= count, timeout)
            if not arrived:
                seen = "\n  ".join(_summary(c) for c in self._calls) or "(none)"
                raise AssertionError(
                    f"expected {count} call(s) to {method} within {timeout}s, "
                    f"got {len(self.calls_to(method))}; calls so far:\n  {seen}"
                )
            return self.calls_to(method)

    @property
    def violations(self) -> list[str]:
        with self._lock:
            return list(self._violations)

    def take_violations(self) -> list[str]:
        """Return and forget the violations so far (for tests that provoke them on purpose)."""
        with self._lock:
            taken, self._violations = self._violations, []
            return taken

    def assert_no_violations(self) -> None:
        with self._lock:
            if self._violations:
                listed = "\n  ".join(self._violations)
                raise AssertionError(
                    f"{len(self._violations)} call(s) Slack would reject:\n  {listed}"
                )

    @property
    def in_flight(self) -> int:
        """Web API requests received and not yet answered (a "slow" fault holds them)."""
        with self._lock:
            return self._in_flight

    def wait_answered(self, timeout: float = 10.0) -> None:
        """Block until every Web API request received so far has been acted on and answered
        (a "slow" one included, even if its caller is gone); AssertionError on timeout."""
        with self._lock:
            if not self._lock.wait_for(lambda: self._in_flight == 0, timeout):
                raise AssertionError(f"{self._in_flight} request(s) still unanswered")

    def reset(self) -> None:
        """Forget recorded calls and violations (workspace state and faults stay)."""
        with self._lock:
            self._calls.clear()
            self._violations.clear()
