"""Rendering a person's App Home tab and publishing it: after a click on it, and after any
save that changes what it shows (a goal, a skill, a log, settings, a prep)."""

from __future__ import annotations

from datetime import date

from slack_bolt import BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.blocks.goals import goal_summary_blocks
from bot.blocks.home import MAX_GOAL_BLOCKS, MAX_ITEMS, MAX_SKILL_BLOCKS, HomeData, home_view
from bot.blocks.skills import skill_summary_blocks
from bot.deps import deps_of
from bot.handlers.common.acting import unit
from bot.handlers.common.charts import SLACK_REFUSED_BLOCKS, skill_chart
from bot.handlers.common.routing import load_actor
from bot.models import Person
from bot.services.conversations import dashboard
from bot.services.growth import goals, skills
from bot.shapes.growth import SkillTrend


def publish(client: WebClient, context: BoltContext, *, notice: str | None = None) -> None:
    """Render the actor's Home tab from the database and publish it (with the skill chart
    above the skills when there is one; without it if Slack will not show the picture)."""
    today = deps_of(context).clock().date()

    def gathered(session: Session) -> tuple[Person, HomeData, list[SkillTrend]]:
        person = load_actor(session, context)
        trends = skills.latest_ratings(session=session, person=person)
        return person, _gather(session, person, today, trends), trends

    person, data, trends = unit(context, gathered)
    data.notice = notice
    chart = skill_chart(client, context, person, trends)
    if chart is None:
        client.views_publish(user_id=person.slack_user_id, view=home_view(data))
        return
    text_only = data.skill_blocks
    data.skill_blocks = [chart, *skill_summary_blocks(trends, limit=MAX_SKILL_BLOCKS - 1)]
    try:
        client.views_publish(user_id=person.slack_user_id, view=home_view(data))
    except SlackApiError as error:
        # A file Slack is still processing may be refused as "invalid slack file": text now,
        # the picture at the next open.
        if error.response.get("error") not in SLACK_REFUSED_BLOCKS:
            raise
        data.skill_blocks = text_only
        client.views_publish(user_id=person.slack_user_id, view=home_view(data))


def _gather(session: Session, person: Person, today: date, trends: list[SkillTrend]) -> HomeData:
    assert person.id is not None
    cycle = dashboard.cycles(session=session, people=[person], today=today)[person.id]
    items, total = dashboard.open_items(session=session, person=person, limit=MAX_ITEMS)
    return HomeData(
        cycle=cycle,
        today=today,
        goal_blocks=goal_summary_blocks(
            goals.goals_of(session=session, person=person), limit=MAX_GOAL_BLOCKS, today=today
        ),
        skill_blocks=skill_summary_blocks(trends, limit=MAX_SKILL_BLOCKS),
        items=items,
        items_total=total,
        reports=dashboard.report_statuses(session=session, manager=person, today=today),
        newcomer=dashboard.is_newcomer(session=session, person=person),
    )
