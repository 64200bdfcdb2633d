"""What the authorization matrix's actors send (tests/system/test_authz_matrix.py): request
builders aimed at Ada's records (commands, clicks, submissions, events), the modals they
submit with her ids in private_metadata, and the answers they type."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from slack_sdk import WebClient

from bot.blocks.admin import admin_modal
from bot.blocks.goals import goal_form
from bot.blocks.ids import Guide
from bot.blocks.lapse import schedule_modal
from bot.blocks.log import log_modal
from bot.blocks.prep import prep_modal
from bot.blocks.settings import settings_modal
from bot.blocks.skills import skill_form
from bot.services.conversations.parties import Prefill
from bot.services.org.admin import AdminSettings
from bot.services.org.settings import CurrentSettings
from bot.services.prep.drafts import Draft
from tests.support import slack_requests
from tests.support.authz_world import TODAY, Actor, World
from tests.support.fakeslack.fixtures import EMPLOYEE
from tests.support.hostile_app import SettledServer
from tests.support.slack_forms import state_values

# ---- request builders -----------------------------------------------------------------------

Build = Callable[[World, Actor, SettledServer], bytes]


def command(word: str) -> Build:
    def build(world: World, actor: Actor, server: SettledServer) -> bytes:
        return slack_requests.slash_command(
            word, user_id=actor.user, team_id=actor.team, trigger_id=server.fake.issue_trigger_id()
        )

    return build


def click(
    action_id: str,
    value: Callable[[World, Actor], Any] = lambda w, a: None,
    *,
    where: str = "message",
    view: Callable[[World], dict[str, Any]] | None = None,
    state: dict[str, Any] | None = None,
) -> Build:
    """A button in a DM to the actor (`message`), on their Home (`home`) or in a modal."""

    def build(world: World, actor: Actor, server: SettledServer) -> bytes:
        container = None
        if where == "home":
            container = slack_requests.view_object(
                "V0HOME0001", team_id=actor.team, view_type="home"
            )
        elif where == "modal":
            assert view is not None
            shown = view(world)
            container = slack_requests.view_object(
                "V0MODAL009",
                team_id=actor.team,
                callback_id=shown["callback_id"],
                private_metadata=shown.get("private_metadata", ""),
                blocks=shown["blocks"],
                values=state_values(shown, {}),
            )
        picked = value(world, actor)
        body = slack_requests.block_actions(
            user_id=actor.user,
            team_id=actor.team,
            action_id=action_id,
            value=None if picked is None else str(picked),
            trigger_id=server.fake.issue_trigger_id(),
            view=container,
            channel_id=server.fake.dm_channel(actor.user) if container is None else "D0EMPLOYEE",
        )
        if state is not None:
            body = _with_state(body, state)
        return body

    return build


def _with_state(body: bytes, state: dict[str, Any]) -> bytes:
    from urllib.parse import parse_qs, urlencode

    payload = json.loads(parse_qs(body.decode())["payload"][0])
    payload["state"] = {"values": state}
    return urlencode({"payload": json.dumps(payload)}).encode()


def submit(
    view: Callable[[World, Actor], dict[str, Any]],
    answers: Callable[[Actor], dict[str, Any]] = lambda a: {},
    *,
    closed: bool = False,
) -> Build:
    def build(world: World, actor: Actor, server: SettledServer) -> bytes:
        shown = view(world, actor)
        values = state_values(shown, answers(actor))
        if closed:
            return slack_requests.view_closed(
                user_id=actor.user,
                team_id=actor.team,
                callback_id=shown["callback_id"],
                private_metadata=shown.get("private_metadata", ""),
                values=values,
            )
        return slack_requests.view_submission(
            user_id=actor.user,
            team_id=actor.team,
            callback_id=shown["callback_id"],
            values=values,
            private_metadata=shown.get("private_metadata", ""),
            blocks=shown["blocks"],
        )

    return build


def event(make: Callable[[World, Actor], dict[str, Any]]) -> Build:
    counter = iter(range(10**9))

    def build(world: World, actor: Actor, server: SettledServer) -> bytes:
        return slack_requests.event_callback(
            make(world, actor), team_id=actor.team, event_id=f"Ev0AUTHZ{next(counter):06d}"
        )

    return build


def guide_click(world: World, actor: Actor, server: SettledServer) -> bytes:
    """The button in the actor's own guide message (it is re-rendered in place)."""
    web = WebClient(token=server.fake.bot_token, base_url=server.fake.api_url)
    posted = web.chat_postMessage(channel=actor.user, text="guide")
    message = {"type": "message", "ts": posted["ts"], "text": "guide", "blocks": []}
    return slack_requests.block_actions(
        user_id=actor.user,
        team_id=actor.team,
        action_id=Guide.ALTERNATIVE_PROMPT,
        value="shown:",
        trigger_id=server.fake.issue_trigger_id(),
        channel_id=str(posted["channel"]),
        message=message,
    )


def _pm(view: dict[str, Any], metadata: str) -> dict[str, Any]:
    return {**view, "private_metadata": metadata}


def goal_view(world: World, actor: Actor) -> dict[str, Any]:
    return _pm(goal_form(None, skills=[], today=TODAY), str(world.goal))


def skill_view(world: World, actor: Actor) -> dict[str, Any]:
    return _pm(skill_form(None), str(world.skill))


def log_view(world: World, actor: Actor) -> dict[str, Any]:
    prefill = Prefill(
        held_on=TODAY - timedelta(days=5),
        conversation_id=world.conversation_for(actor),
        partner_user_id=EMPLOYEE,
        kind="manager",
    )
    return log_modal(prefill)


def prep_view(world: World, actor: Actor | None = None, step: int = 1) -> dict[str, Any]:
    return prep_modal(Draft(prep_id=world.prep), step=step)


def schedule_view(world: World, actor: Actor) -> dict[str, Any]:
    return schedule_modal(
        report_user_id=EMPLOYEE, report_id=world.ada, suggested=TODAY, message_ts=None
    )


def settings_view(world: World, actor: Actor) -> dict[str, Any]:
    return settings_modal(CurrentSettings(None, False, [], "quarterly", None, None))


def admin_view(world: World, actor: Actor) -> dict[str, Any]:
    current = AdminSettings("90", None, None, None, None, None, None, None, [])
    return admin_modal(current)


GOAL_ANSWERS = {"title": "Hostile rewrite", "experiment": "x", "horizon": "short"}
SKILL_ANSWERS = {
    "name": "Hostile",
    "rating": 9,
    "ten_looks_like": "x",
    "options": "Pair\nRead\nTeach",
    "approach": "x",
}
LOG_ANSWERS = {
    "held_on": TODAY - timedelta(days=5),
    "kind": "manager",
    "shared_notes": "Hostile rewrite",
    "mine_1": "Hostile step",
    "follow_up": "none",
}


def ada(world: World, actor: Actor) -> int:
    return world.ada
