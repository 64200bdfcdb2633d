"""A team's coverage week by week, for the digest's chart: at the end of each of the last
weeks, the share of the team's current members who had a conversation within their cadence.

Aggregates only: one query selects members' joining days and cadences and their
conversations' dates, nothing anyone wrote, rated or named, and a week when fewer members had
joined than the workspace's minimum group size is reported as None, never broken out.
Current members only: the team as it is now, looked back on (people who left are not counted).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select as select_columns
from sqlmodel import Session, col

from bot.models import Conversation, Person, Workspace

WEEKS = 12
_Member = tuple[date, int, list[date]]  # joined on, cadence in days, conversation days
LONGEST_CADENCE = timedelta(days=366)


@dataclass(frozen=True)
class WeekCoverage:
    week_end: date
    percent: int | None  # None: fewer members than the minimum group size had joined by then


def weekly_coverage(
    *, session: Session, teams: dict[int, int], today: date, weeks: int = WEEKS
) -> dict[int, list[WeekCoverage]]:
    """Per team id (mapped to its minimum group size): `weeks` weeks ending today, oldest first."""
    if not teams:
        return {}
    ends = [today - timedelta(weeks=k) for k in range(weeks - 1, -1, -1)]
    rows = session.execute(
        select_columns(
            col(Person.team_id),
            col(Person.id),
            col(Person.joined_at),
            col(Person.cadence_days),
            col(Workspace.default_cadence_days),
            col(Conversation.held_on),
        )
        .join(Workspace, col(Workspace.id) == col(Person.workspace_id))
        .outerjoin(
            Conversation,
            (col(Conversation.employee_id) == col(Person.id))
            & (col(Conversation.held_on) >= ends[0] - LONGEST_CADENCE)
            & (col(Conversation.held_on) <= today),
        )
        .where(col(Person.team_id).in_(list(teams)), col(Person.left_at).is_(None))
    ).all()
    members: dict[int, dict[int, _Member]] = defaultdict(dict)
    for team_id, person_id, joined, cadence, default, held in rows:
        _, _, held_days = members[team_id].setdefault(
            person_id, (joined.date(), cadence or default, [])
        )
        if held is not None:
            held_days.append(held)
    return {
        team_id: [_week(end, members[team_id].values(), minimum) for end in ends]
        for team_id, minimum in teams.items()
    }


def _week(end: date, members: Iterable[_Member], minimum: int) -> WeekCoverage:
    joined = [(cadence, held) for since, cadence, held in members if since <= end]
    if len(joined) < max(1, minimum):
        return WeekCoverage(end, None)
    covered = sum(any(0 <= (end - h).days <= cadence for h in held) for cadence, held in joined)
    return WeekCoverage(end, round(100 * covered / len(joined)))
