"""The `digests` job: owe each team's channel its weekly digest at the lead's digest hour,
and the lead a DM naming the pairs past their cadence, when there are any.

Idempotent: the outbox key is (channel, "digest", team + ISO week of the lead's local digest
day), so running twice, on every replica, or late after downtime owes one digest per team per
week. After downtime only the current week's digest is owed, sent at once if its moment has
passed; a week that ended while the bot was down is not reported afterwards. Teams already
owed this week are skipped before any figures are computed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from bot.blocks.digest import digest_message, lapsed_list_message
from bot.db import session_scope
from bot.jobs.context import JobContext
from bot.models import Delivery
from bot.outbox.enqueue import Outgoing, enqueue_many
from bot.outbox.hours import DIGEST_KIND, DIGEST_LEAD_KIND
from bot.services.nudges.digests import digests, due_teams
from bot.shapes.nudges import Digest, DigestTeam

KIND = DIGEST_KIND


# Digests are rendered and owed this many at a time, so memory stays flat however many teams
# are due at once.
CHUNK = 500


def run(context: JobContext) -> dict[str, int]:
    now = context.clock()
    owed = named = 0
    with session_scope(context.engine) as session:
        teams = _not_owed_yet(session, due_teams(session=session, now=now))
        messages: list[Outgoing] = []
        lists: list[Outgoing] = []
        for digest in digests(session=session, now=now, teams=teams):
            messages.append(_message(digest, now))
            if (message := _lead_list(digest, now)) is not None:
                lists.append(message)
            if len(messages) >= CHUNK:
                owed += enqueue_many(session=session, messages=messages, now=now)
                named += enqueue_many(session=session, messages=lists, now=now)
                messages, lists = [], []
        owed += enqueue_many(session=session, messages=messages, now=now)
        named += enqueue_many(session=session, messages=lists, now=now)
    return {"teams": len(teams), "owed": owed, "lead_lists": named}


def _not_owed_yet(session: Session, teams: list[DigestTeam]) -> list[DigestTeam]:
    """The teams whose digest for that week is not in the outbox yet.

    A digest's row is owed for its moment or later and only ever moves later, so the rows to
    look at are the digests due from the earliest moment among `teams` on: one filter on
    (kind, not_before), whatever the number of teams (a list of keys bound one parameter each
    broke Postgres's limit of 65,535 at 1M people). A day's margin covers a lead whose zone
    moved since; past that, owing it again is a no-op under the outbox's unique key.
    """
    if not teams:
        return []
    since = min(team.at for team in teams) - timedelta(days=1)
    owed = set(
        session.exec(
            select(Delivery.workspace_id, Delivery.recipient, Delivery.period_key).where(
                Delivery.kind == KIND, col(Delivery.not_before) >= since
            )
        ).all()
    )
    return [t for t in teams if (t.workspace_id, t.channel, t.period_key) not in owed]


def _message(digest: Digest, now: datetime) -> Outgoing:
    team = digest.team
    text, blocks = digest_message(digest)
    return Outgoing(
        workspace_id=team.workspace_id,
        recipient=team.channel,
        kind=KIND,
        period_key=team.period_key,
        text=text,
        not_before=max(team.at, now),
        blocks=blocks,
        channel=team.channel,
    )


def _lead_list(digest: Digest, now: datetime) -> Outgoing | None:
    """The lead's DM naming the lapsed pairs, at the same moment as the channel's digest."""
    message = lapsed_list_message(digest)
    if message is None:
        return None
    team = digest.team
    text, blocks = message
    return Outgoing(
        workspace_id=team.workspace_id,
        recipient=team.lead_user_id,
        kind=DIGEST_LEAD_KIND,
        period_key=team.period_key,
        text=text,
        not_before=max(team.at, now),
        blocks=blocks,
    )
