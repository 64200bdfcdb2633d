"""The dispatcher's rules: how long a lease lasts, how many rows a claim takes, how often to try."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Policy:
    lease: timedelta = timedelta(minutes=5)
    batch_size: int = 20
    max_attempts: int = 8
    backoff_base: timedelta = timedelta(seconds=30)
    backoff_cap: timedelta = timedelta(hours=1)
    min_retry_after: timedelta = timedelta(seconds=1)
    default_retry_after: timedelta = timedelta(seconds=30)  # a 429 without Retry-After
    # After a lost answer, how long before looking: a request Slack received is posted by then.
    check_after: timedelta = timedelta(minutes=1)
    # Look a lost answer up in Slack's history (SLACK_HISTORY_CHECK, needs the *:history
    # scopes). Off, a send that may have arrived is left `unknown` for an operator at once.
    history_check: bool = False

    def backoff(self, attempts: int) -> timedelta:
        """30 s, 1 min, 2 min, ... up to the cap, for the attempt that just failed."""
        return min(self.backoff_cap, self.backoff_base * (1 << min(30, max(0, attempts - 1))))


def not_looked_up(delivery_id: int) -> str:
    """Why an unconfirmed send waits for a person when the history check is off."""
    return (
        "not looked up (SLACK_HISTORY_CHECK is off): see in Slack whether it arrived; if not, "
        f"career-bot deliveries retry {delivery_id}"
    )
