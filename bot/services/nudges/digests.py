"""Weekly team digests: which teams are owed one now, and the numbers it reports.

A team gets a digest when it has both a lead and a digest channel. It lands on the workspace's
digest weekday and hour in the lead's own time zone; the week is the lead's local ISO week, so
a DST change moves the UTC moment, never the local one. The figures are aggregates over the
team's current members (people whose `team_id` is the team and who have not left) and never
touch what anyone wrote, rated or named: no prep answers, notes, goal or item text, skills or
ratings are even selected here.

A team smaller than the workspace's `min_group_size` gets no figures at all (`Digest.figures` is
None): with two people, "1 of 2 covered" already tells the channel about one person. Its channel
is told so once (`worth_posting`), not every week, until the team has figures again.

Every function runs a fixed number of queries however many teams and people there are, and
no query's parameters grow with them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from sqlalchemy import select as select_columns
from sqlalchemy import update
from sqlmodel import Session, col

from bot.models import Person, Team, Workspace
from bot.services.nudges.digest_counts import (
    Coverage,
    coverage,
    due_table,
    goals_set,
    items_done,
    lapsed_by_team,
)
from bot.shapes.nudges import Digest, DigestTeam, Figures, LapsedPair
from bot.timing import zone_named

# Planned this long before the digest moment, so the every-15-minutes planner owes it in time
# for the dispatcher to send it on the hour; the figures are as of planning.
PLAN_AHEAD = timedelta(hours=1)


def due_teams(*, session: Session, now: datetime) -> list[DigestTeam]:
    """Teams with a lead and a channel whose digest moment is past or at most PLAN_AHEAD away.

    Weeks are the lead's local ISO weeks: the current one, whose moment may have passed
    (catch-up after downtime, sent at once), and the one `now + PLAN_AHEAD` falls in when that
    is already the next. A week that ended is never owed again.
    """
    rows = session.execute(
        select_columns(
            col(Team.id),
            col(Team.name),
            col(Team.digest_channel),
            col(Workspace.id),
            col(Workspace.digest_weekday),
            col(Workspace.digest_hour),
            col(Workspace.min_group_size),
            col(Person.tz_override),
            col(Person.tz),
            col(Person.slack_user_id),
        )
        .join(Workspace, col(Workspace.id) == col(Team.workspace_id))
        .join(Person, col(Person.id) == col(Team.lead_id))
        .where(
            col(Team.digest_channel).is_not(None),
            col(Workspace.uninstalled_at).is_(None),
            col(Person.left_at).is_(None),
        )
        .order_by(col(Team.id))
    ).all()
    due = []
    for team_id, name, channel, workspace_id, weekday, hour, min_size, override, tz, lead in rows:
        zone = zone_named(override, tz)
        weeks = {
            digest_moment(moment, zone=zone, weekday=weekday, hour=hour)
            for moment in (now, now + PLAN_AHEAD)
        }
        for week_start, at in sorted(weeks):
            if at <= now + PLAN_AHEAD:
                due.append(
                    DigestTeam(workspace_id, team_id, name, channel, min_size, week_start, at, lead)
                )
    return due


def digest_moment(
    moment: datetime, *, zone: tzinfo, weekday: int, hour: int
) -> tuple[date, datetime]:
    """The Monday of `moment`'s local ISO week in `zone`, and that week's digest moment in UTC."""
    local_day = moment.astimezone(zone).date()
    week_start = local_day - timedelta(days=local_day.weekday())
    at = datetime.combine(week_start + timedelta(days=weekday), time(hour % 24), tzinfo=zone)
    return week_start, at.astimezone(UTC)


def digests(*, session: Session, now: datetime, teams: list[DigestTeam]) -> Iterator[Digest]:
    """The digest of each of `teams` as of `now`, in their order, in five queries whatever
    their number and size (`bot.services.nudges.digest_counts`); yielded one at a time.

    Coverage: members whose last conversation is within their cadence of today (the same day
    and cadence `lapsed()` judges by), now and one period ago (counting only members who had
    joined by then). Lapsed pairs are those `lapsed()` finds, among the team's members. Due
    this week: members with a next conversation (the last recap's `next_on` or a scheduled
    `planned_on`) in the lead's week. Goals set and action items done (items of the members'
    own conversations) are counted over the last seven days and the seven before.

    Only aggregates per team come back, and the lapsed pairs team by team, so memory does not
    grow with the number of people. Digests come in team id order, the order in which the
    lapsed pairs are streamed.
    """
    if not teams:
        return
    due = due_table(session, teams)
    counts = coverage(session, due, now.date())
    goals = goals_set(session, due, now)
    items = items_done(session, due, now)
    lapsed = lapsed_by_team(session, due, now)
    pending: tuple[int, list[LapsedPair]] | None = next(lapsed, None)
    for n in sorted(range(len(teams)), key=lambda n: teams[n].team_id):
        team = teams[n]
        while pending is not None and pending[0] < team.team_id:
            pending = next(lapsed, None)
        pairs = pending[1] if pending is not None and pending[0] == team.team_id else []
        count = counts.get(n, Coverage())
        if count.members < team.min_group_size:
            yield Digest(team, None)
            continue
        recent_goals, older_goals = goals.get(n, (0, 0))
        recent_items, older_items = items.get(n, (0, 0))
        yield Digest(
            team,
            Figures(
                members=count.members,
                covered=count.covered,
                members_before=count.members_before,
                covered_before=count.covered_before,
                lapsed=list(pairs),
                due_this_week=count.due_this_week,
                goals_set=recent_goals,
                goals_set_before=older_goals,
                items_done=recent_items,
                items_done_before=older_items,
            ),
        )


def worth_posting(*, session: Session, planned: list[Digest], now: datetime) -> list[Digest]:
    """The digests to owe: each one with figures, and a team's too-small notice only if its
    channel has not been told since the team last had figures. Two statements for any number.

    The notices are claimed by a conditional UPDATE of `team.small_notice_at` (set only where
    it is NULL), so of planners racing on replicas one wins each team, in the transaction that
    owes the notice. A digest with figures clears the claim: a team that shrinks again is told
    once more.
    """
    grown = [d.team.team_id for d in planned if d.figures is not None]
    small = [d.team.team_id for d in planned if d.figures is None]
    if grown:
        session.execute(
            update(Team)
            .where(col(Team.id).in_(grown), col(Team.small_notice_at).is_not(None))
            .values(small_notice_at=None)
        )
    claimed: set[int] = set()
    if small:
        claimed = set(
            session.scalars(
                update(Team)
                .where(col(Team.id).in_(small), col(Team.small_notice_at).is_(None))
                .values(small_notice_at=now)
                .returning(col(Team.id))
            )
        )
    return [d for d in planned if d.figures is not None or d.team.team_id in claimed]
