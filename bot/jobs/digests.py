"""The `digests` job: owe each team's channel its weekly digest at the lead's digest hour,
and the lead a DM naming the pairs past their cadence, when there are any.

Idempotent: the outbox key is (channel, "digest", team + ISO week of the lead's local digest
day), so running twice, on every replica, or late after downtime owes one digest per team per
week. After downtime only the current week's digest is owed, sent at once if its moment has
passed; a week that ended while the bot was down is not reported afterwards. Teams already
owed this week are skipped before any figures are computed. A team too small for figures gets
its notice once (then nothing until it has figures again), not every week.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from bot.blocks.digest import digest_message, lapsed_list_message
from bot.blocks.text import Block
from bot.db import session_scope
from bot.jobs.context import JobContext
from bot.jobs.digest_charts import coverage_images
from bot.models import Delivery
from bot.outbox.enqueue import Outgoing, enqueue_many
from bot.outbox.hours import DIGEST_KIND, DIGEST_LEAD_KIND
from bot.services.nudges.digests import digests, due_teams, worth_posting
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
    # A chunk of teams at a time: its digests are computed in one transaction, its charts drawn
    # and uploaded outside any (no lock is held while Slack answers), and its small-team marks
    # and messages owed together in a second. Memory stays flat however many teams are due.
    for start in range(0, len(teams), CHUNK):
        with session_scope(context.engine) as session:
            planned = list(digests(session=session, now=now, teams=teams[start : start + CHUNK]))
        charts = coverage_images(context, planned, now=now)
        with session_scope(context.engine) as session:
            planned = worth_posting(session=session, planned=planned, now=now)
            messages = [_message(d, now, charts.get(d.team.team_id)) for d in planned]
            owed += enqueue_many(session=session, messages=messages, now=now)
            lists = [message for d in planned if (message := _lead_list(d, now)) is not None]
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


def _message(digest: Digest, now: datetime, chart: Block | None = None) -> Outgoing:
    team = digest.team
    text, blocks = digest_message(digest, chart=chart)
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
