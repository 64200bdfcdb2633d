"""`/career-prep skills`: skills with their rating trend, and the form to rate one.

A Rate button's `value` is a skill id: data to look up, never authority; the service checks
that the clicking person owns the skill.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.blocks.command_words import COMMAND
from bot.blocks.field_errors import field_errors
from bot.blocks.ids import Home as HomeIds
from bot.blocks.ids import Skills as Ids
from bot.blocks.replies import SKILL_NOT_YOURS
from bot.blocks.skills import notice_modal, saved_notice, skill_form, skills_modal
from bot.deps import deps_of
from bot.forms import values
from bot.handlers.common.acting import act, unit
from bot.handlers.common.charts import SLACK_REFUSED_BLOCKS, skill_chart
from bot.handlers.common.home_tab import publish
from bot.handlers.common.replays import first_submission
from bot.handlers.common.routing import (
    actor_id,
    answer_with,
    load_actor,
    record_id,
    show_modal,
    subcommand,
)
from bot.models import Person, Skill
from bot.services import parse_id
from bot.services.growth import skills
from bot.shapes.growth import SkillTrend


def register(app: App) -> None:
    app.command(COMMAND, matchers=[subcommand("skills")])(open_skills)
    app.action(HomeIds.OPEN_SKILLS)(open_skills)
    app.action(Ids.ADD)(add_skill)
    app.action(Ids.EDIT)(rate_skill)
    app.view_submission(Ids.FORM)(save_skill)


def open_skills(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """The list with trends when there are skills; straight to the form when there are none."""
    ack()
    person, trends = unit(context, lambda session: _listing(session, context))
    if not trends:
        client.views_open(trigger_id=body["trigger_id"], view=skill_form(None))
        return
    # The trigger id lasts three seconds: open with the chart only if it is already uploaded.
    cached = skill_chart(client, context, person, trends, upload=False)
    opened = client.views_open(
        trigger_id=body["trigger_id"], view=skills_modal(trends, chart=cached)
    )
    if cached is None:
        _add_chart(client, context, str(opened["view"]["id"]), person, trends)


def add_skill(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    ack()
    show_modal(client, body, skill_form(None))


def rate_skill(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    ack()

    def skill_and_trend(session: Session) -> tuple[Skill, SkillTrend]:
        skill = skills.owned_skill(
            session=session,
            actor_id=actor_id(context),
            skill_id=record_id(action),
        )
        trend = next(
            t
            for t in skills.latest_ratings(session=session, person=load_actor(session, context))
            if t.skill.id == skill.id
        )
        return skill, trend

    found = act(context, skill_and_trend, refused=lambda: _refuse(client, body, context))
    if found is None:
        return
    skill, trend = found
    show_modal(client, body, skill_form(skill, latest=trend.latest))


def save_skill(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    form = skills.SkillForm.from_fields(values(view))
    skill_id = parse_id(view.get("private_metadata"))
    now = deps_of(context).clock()

    def save_and_list(session: Session) -> tuple[Skill | None, Person, list[SkillTrend]]:
        # A replayed submission answers as the first did but saves nothing again.
        saved = None
        if first_submission(session, context, view, now=now):
            saved = skills.save_skill(
                session=session,
                today=now.date(),
                actor_id=actor_id(context),
                form=form,
                skill_id=skill_id,
            )
        return saved, *_listing(session, context)

    try:
        done = act(
            context,
            save_and_list,
            refused=lambda: ack(response_action="update", view=notice_modal(SKILL_NOT_YOURS)),
        )
    except skills.Invalid as invalid:
        ack(response_action="errors", errors=field_errors(invalid.problems))
        return
    if done is None:
        return
    saved, person, trends = done
    trend = next((t for t in trends if saved is not None and t.skill.id == saved.id), None)
    notice = saved_notice(trend) if trend else None
    cached = skill_chart(client, context, person, trends, upload=False)
    answer_with(ack, client, view, skills_modal(trends, notice=notice, chart=cached))
    if saved is not None:
        publish(client, context)  # uploads the new version's chart, if any
    if cached is None:
        shown = str(view.get("previous_view_id") or view["id"])
        _add_chart(client, context, shown, person, trends, notice=notice)


def _listing(session: Session, context: BoltContext) -> tuple[Person, list[SkillTrend]]:
    person = load_actor(session, context)
    return person, skills.latest_ratings(session=session, person=person)


def _add_chart(
    client: WebClient,
    context: BoltContext,
    view_id: str,
    person: Person,
    trends: list[SkillTrend],
    *,
    notice: str | None = None,
) -> None:
    """Upload the chart if need be, then show it in the open modal (unless it was closed)."""
    chart = skill_chart(client, context, person, trends)
    if chart is None:
        return
    try:
        client.views_update(view_id=view_id, view=skills_modal(trends, notice=notice, chart=chart))
    except SlackApiError as error:
        if error.response.get("error") not in (*SLACK_REFUSED_BLOCKS, "not_found"):
            raise


def _refuse(client: WebClient, body: dict[str, Any], context: BoltContext) -> None:
    container = body.get("view") or {}
    if container.get("type") == "modal":
        trends = unit(
            context, lambda s: skills.latest_ratings(session=s, person=load_actor(s, context))
        )
        client.views_update(
            view_id=container["id"], view=skills_modal(trends, notice=SKILL_NOT_YOURS)
        )
    else:
        client.views_open(trigger_id=body["trigger_id"], view=notice_modal(SKILL_NOT_YOURS))
