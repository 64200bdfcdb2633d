"""`/career-prep goals`: the goal list, the REAL goal form, and Edit / Done / Drop buttons.

The buttons also appear on App Home. Their `value` is a goal id: data to look up, never
authority; the service checks that the clicking person owns the goal.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient
from sqlmodel import Session

from bot.blocks.command_words import COMMAND
from bot.blocks.field_errors import field_errors
from bot.blocks.goals import goal_form, goals_modal, notice_modal, saved_notice
from bot.blocks.ids import Goals as Ids
from bot.blocks.ids import Home as HomeIds
from bot.blocks.replies import GOAL_MARKED, GOAL_NOT_YOURS
from bot.blocks.text import escape
from bot.deps import deps_of
from bot.forms import values
from bot.handlers.common.acting import act, unit
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
from bot.models import Goal, Person, Skill
from bot.services import parse_id
from bot.services.growth import goals, skills


def register(app: App) -> None:
    app.command(COMMAND, matchers=[subcommand("goals")])(open_goals)
    app.action(HomeIds.OPEN_GOALS)(open_goals)
    app.action(Ids.ADD)(add_goal)
    app.action(Ids.EDIT)(edit_goal)
    app.action(Ids.DONE)(mark_done)
    app.action(Ids.DROP)(mark_dropped)
    app.view_submission(Ids.FORM)(save_goal)


def open_goals(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """The list when there are active goals; straight to the form when there are none."""
    ack()
    today = deps_of(context).clock().date()

    def listing_or_form(session: Session) -> dict[str, Any]:
        person = load_actor(session, context)
        if goals.goals_of(session=session, person=person, status="active"):
            return _list_view(session, person, today=today)
        owned = skills.skills_of(session=session, person=person)
        return goal_form(None, skills=owned, today=today)

    client.views_open(trigger_id=body["trigger_id"], view=unit(context, listing_or_form))


def add_goal(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    owned = unit(context, lambda s: skills.skills_of(session=s, person=load_actor(s, context)))
    show_modal(client, body, goal_form(None, skills=owned, today=deps_of(context).clock().date()))


def edit_goal(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    ack()

    def goal_and_skills(session: Session) -> tuple[Goal, list[Skill]]:
        goal = goals.owned_goal(
            session=session, actor_id=actor_id(context), goal_id=record_id(action)
        )
        return goal, skills.skills_of(session=session, person=load_actor(session, context))

    found = act(context, goal_and_skills, refused=lambda: _refuse(client, body, context))
    if found is None:
        return
    goal, owned = found
    show_modal(client, body, goal_form(goal, skills=owned, today=deps_of(context).clock().date()))


def mark_done(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    respond: Respond | None,
) -> None:
    _set_status(ack, body, action, client, context, respond, "done")


def mark_dropped(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    respond: Respond | None,
) -> None:
    _set_status(ack, body, action, client, context, respond, "dropped")


def _set_status(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    respond: Respond | None,
    status: str,
) -> None:
    ack()
    now = deps_of(context).clock()
    goal = act(
        context,
        lambda s: goals.set_goal_status(
            session=s, now=now, actor_id=actor_id(context), goal_id=record_id(action), status=status
        ),
    )
    notice = (
        GOAL_NOT_YOURS if goal is None else GOAL_MARKED[status].format(title=escape(goal.title))
    )
    container = body.get("view") or {}
    if container.get("type") == "modal":
        view = unit(
            context,
            lambda s: _list_view(s, load_actor(s, context), today=now.date(), notice=notice),
        )
        client.views_update(view_id=container["id"], view=view)
    elif container.get("type") == "home":
        publish(client, context, notice=notice)
    elif respond is not None and body.get("response_url"):
        respond(text=notice, response_type="ephemeral", replace_original=False)


def save_goal(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    form = goals.GoalForm.from_fields(values(view))
    goal_id = parse_id(view.get("private_metadata"))
    now = deps_of(context).clock()

    def save_and_list(session: Session) -> tuple[str | None, dict[str, Any]]:
        # A replayed submission answers as the first did but saves nothing again.
        notice = None
        if first_submission(session, context, view, now=now):
            notice = saved_notice(_save(session, context, form, goal_id, now))
        listing = _list_view(session, load_actor(session, context), today=now.date(), notice=notice)
        return notice, listing

    try:
        saved = act(
            context,
            save_and_list,
            refused=lambda: ack(response_action="update", view=notice_modal(GOAL_NOT_YOURS)),
        )
    except goals.Invalid as invalid:
        ack(response_action="errors", errors=field_errors(invalid.problems))
        return
    if saved is None:
        return
    notice, listing = saved
    answer_with(ack, client, view, listing)
    if notice is not None:
        publish(client, context)


def _save(
    session: Session, context: BoltContext, form: goals.GoalForm, goal_id: int | None, now: datetime
) -> Goal:
    if goal_id is None:
        return goals.add_goal(session=session, now=now, actor_id=actor_id(context), form=form)
    return goals.update_goal(
        session=session, now=now, actor_id=actor_id(context), goal_id=goal_id, form=form
    )


def _list_view(
    session: Session, person: Person, *, today: date, notice: str | None = None
) -> dict[str, Any]:
    counts = goals.status_counts(session=session, person=person)
    active = goals.goals_of(session=session, person=person, status="active")
    return goals_modal(
        active, done=counts["done"], dropped=counts["dropped"], today=today, notice=notice
    )


def _refuse(client: WebClient, body: dict[str, Any], context: BoltContext) -> None:
    container = body.get("view") or {}
    if container.get("type") == "modal":
        today = deps_of(context).clock().date()
        view = unit(
            context,
            lambda s: _list_view(s, load_actor(s, context), today=today, notice=GOAL_NOT_YOURS),
        )
        client.views_update(view_id=container["id"], view=view)
    else:
        client.views_open(trigger_id=body["trigger_id"], view=notice_modal(GOAL_NOT_YOURS))
