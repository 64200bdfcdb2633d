"""Follow-ups between conversations: which are owed, to whom, and when they land.

Only the latest conversation of a pair drives follow-ups (`services.conversations.pairs`), at the
rhythm agreed in it: "monthly" is one every 30 days after `held_on`, "one_on_ones" one every
14 days (a fortnightly 1:1), "none" none. Follow-up number k (k = 1, 2, ...) covers the days
from `held_on + k * rhythm` to the next one; its key is the conversation and k, so each is owed
once, and after downtime only the current one is sent, not every missed one.

Follow-ups stop once the next conversation is held (a newer one becomes the latest), and from
the prep-reminder day of its `next_on` on: the prep reminder takes over there. A follow-up with
nothing open (no open next steps of the pair, no goal of the employee near its horizon) is not
sent. Each lands at the recipient's next working-day morning in their own zone, outside quiet
hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.services.conversations.pairs import Latest, Morning, Mornings, Party, latest_conversations
from bot.timing import reminder_day

RHYTHM_DAYS = {"monthly": 30, "one_on_ones": 14}


@dataclass(frozen=True)
class DueFollowUp:
    """Follow-up number `index` of a conversation, owed to one of its two people at `at`."""

    latest: Latest
    recipient: Party
    index: int
    at: datetime

    @property
    def period_key(self) -> str:
        return f"{self.latest.conversation_id}:{self.index}"


def followups_due(*, session: Session, now: datetime) -> list[DueFollowUp]:
    """Every follow-up owed at the recipients' next mornings; one query."""
    due = []
    mornings = Mornings(now)
    for latest in latest_conversations(session=session, now=now, follow_ups_only=True):
        if not latest.has_open:
            continue
        for party in latest.pair.parties:
            owed = _owed(latest, party, mornings.of(latest.pair, party))
            if owed is not None:
                due.append(owed)
    return due


def _owed(latest: Latest, party: Party, morning: Morning) -> DueFollowUp | None:
    if latest.next_on is not None and morning.on >= reminder_day(latest.next_on):
        return None
    index = (morning.on - latest.held_on).days // RHYTHM_DAYS[latest.follow_up]
    return DueFollowUp(latest, party, index, morning.at) if index >= 1 else None
