"""Progress of a long command on stderr: a tqdm bar on a terminal, nothing at all otherwise.

A Slack call waiting out a rate limit (429, Retry-After) says so on the bar that is open, so a
pause of a minute does not look like a hang. Logs and pipes get no progress (tqdm's
`disable=None`: off unless stderr is a terminal); the summary a command prints is the record.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from tqdm import tqdm

_open: list[Progress] = []  # the bars open now, innermost last


class Progress:
    """A bar counting `unit`s up to `total`; called with how many are done so far."""

    def __init__(self, total: int | None, label: str, unit: str) -> None:
        self._bar = tqdm(
            total=total, desc=label, unit=f" {unit}", file=sys.stderr, disable=None, leave=True
        )
        self._waiting = False
        self.drawn = not self._bar.disable

    def __call__(self, done: int) -> None:
        self.advance(done - int(self._bar.n))

    def advance(self, count: int) -> None:
        if self._waiting:
            self._waiting = False
            self._bar.set_postfix_str("", refresh=False)
        self._bar.update(count)

    def waiting(self, seconds: float) -> None:
        self._waiting = True
        self._bar.set_postfix_str(f"Slack rate limit: waiting {seconds:.0f} s")

    def close(self) -> None:
        self._bar.close()


@contextmanager
def progress(total: int | None, label: str, unit: str) -> Iterator[Progress]:
    bar = Progress(total, label, unit)
    # slack_sdk logs each 429 it waits out at INFO, which would break the bar's line: while
    # a bar is drawn, the bar says it instead.
    sdk_log = logging.getLogger("slack_sdk.web.base_client")
    level = sdk_log.level
    if bar.drawn and sdk_log.getEffectiveLevel() > logging.DEBUG:
        sdk_log.setLevel(logging.WARNING)
    _open.append(bar)
    try:
        yield bar
    finally:
        _open.remove(bar)
        bar.close()
        sdk_log.setLevel(level)


def rate_limited(seconds: float) -> None:
    """Show on the open bar that a Slack call waits `seconds` for its rate limit."""
    if _open:
        _open[-1].waiting(seconds)
