"""Rendering a person's App Home tab and publishing it: after a click on it, and after any
save that changes what it shows (a goal, a skill, a log, settings, a prep)."""

from __future__ import annotations

from datetime import date

from slack_bolt import BoltContext
from slack_sdk import WebClient
from sqlmodel import Session

from bot.blocks.goals import goal_summary_blocks
from bot.blocks.home import MAX_GOAL_BLOCKS, MAX_ITEMS, MAX_SKILL_BLOCKS, HomeData, home_view
from bot.blocks.skills import skill_summary_blocks
from bot.deps import deps_of
from bot.handlers.common.acting import unit
from bot.handlers.common.routing import load_actor
from bot.models import Person
from bot.services.conversations import dashboard
from bot.services.growth import goals, skills


def publish(client: WebClient, context: BoltContext, *, notice: str | None = None) -> None:
    """Render the actor's Home tab from the database and publish it."""
    today = deps_of(context).clock().date()

    def gathered(session: Session) -> tuple[Person, HomeData]:
        person = load_actor(session, context)
        return person, _gather(session, person, today)

    person, data = unit(context, gathered)
    data.notice = notice
    client.views_publish(user_id=person.slack_user_id, view=home_view(data))


def _gather(session: Session, person: Person, today: date) -> HomeData:
    assert person.id is not None
    cycle = dashboard.cycles(session=session, people=[person], today=today)[person.id]
    items, total = dashboard.open_items(session=session, person=person, limit=MAX_ITEMS)
    return HomeData(
        cycle=cycle,
        today=today,
        goal_blocks=goal_summary_blocks(
            goals.goals_of(session=session, person=person), limit=MAX_GOAL_BLOCKS, today=today
        ),
        skill_blocks=skill_summary_blocks(
            skills.latest_ratings(session=session, person=person), limit=MAX_SKILL_BLOCKS
        ),
        items=items,
        items_total=total,
        reports=dashboard.report_statuses(session=session, manager=person, today=today),
        newcomer=dashboard.is_newcomer(session=session, person=person),
    )
