"""What one drain (or one request's dispatch) did, counted per outcome."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass
class Report:
    """What one drain did, counted per outcome."""

    sent: int = 0
    found_posted: int = 0  # a lost answer, looked up: Slack had posted it
    rate_limited: int = 0
    retrying: int = 0  # a send or a look-up to try again after a backoff
    unconfirmed: int = 0  # the answer was lost: Slack is checked before sending again
    deferred: int = 0  # held: outside working hours, or over the weekly nudge cap
    dead: int = 0
    unknown: int = 0  # Slack cannot tell whether it arrived: a person checks
    reaped: int = 0  # expired leases requeued: their send had not started
    reaped_mid_send: int = 0  # expired leases whose send had started: checked before resending

    def as_dict(self) -> dict[str, int]:
        return asdict(self)
