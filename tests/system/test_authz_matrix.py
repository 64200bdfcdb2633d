"""The authorization matrix: every registered listener against every hostile kind of actor.

The rows are keyed by what the app registers (tests/support/hostile_app.py records each
handler module's `register(app)` and checks the count against Bolt's own list), so a new
listener without a row fails `test_every_registered_listener_has_a_row`.

The victim is Ada. Her manager changed from Grace to Linus a day ago and she has not answered
the handover question yet. Mo, her former mentor, erased his record. Each actor sends, signed
through the real HTTP entry, a request naming one of Ada's records (ids in button values or
private_metadata) and we check: no 5xx and no error apology, none of Ada's rows changed, and
none of her distinctive strings reached the actor (any Slack call, upload or HTTP answer).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from slack_sdk import WebClient
from sqlalchemy.engine import Engine

from bot.blocks.admin import admin_modal
from bot.blocks.command_words import COMMAND
from bot.blocks.goals import goal_form
from bot.blocks.history import history_picker
from bot.blocks.ids import (
    Admin,
    DataRights,
    FollowUp,
    Goals,
    Guide,
    Handover,
    History,
    Home,
    Lapse,
    Log,
    Prep,
    Recap,
    Settings,
    Skills,
)
from bot.blocks.lapse import schedule_modal
from bot.blocks.log import log_modal
from bot.blocks.prep import prep_modal
from bot.blocks.replies import SORRY
from bot.blocks.settings import settings_modal
from bot.blocks.skills import skill_form
from bot.services.conversations.parties import Prefill
from bot.services.org.admin import AdminSettings
from bot.services.org.settings import CurrentSettings
from bot.services.prep.drafts import Draft
from tests.support import hostile_app as hostile
from tests.support import slack_requests
from tests.support.authz_world import (
    ADA_ITEM,
    GOAL,
    GRACE_ITEM,
    MENTOR,
    MENTOR_NOTES,
    NEW,
    NOTES,
    PREP,
    PRIVATE,
    SKILL,
    TEAM,
    TODAY,
    Actor,
    World,
    seed,
)
from tests.support.databases import DATABASES
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER
from tests.support.hostile_app import (
    Change,
    SettledServer,
    bolt_listener_count,
    changes,
    registered_listeners,
    snapshot,
)
from tests.support.slack_forms import state_values

settled_server = hostile.settled_server  # the fixture, for this module's tests

OTHER_TEAM = "T0OTHER0001"

# Ada's distinctive strings (support/authz_world.py): none may reach any of the actors below.
CANARIES = (GOAL, SKILL, NOTES, MENTOR_NOTES, PRIVATE, ADA_ITEM, GRACE_ITEM, PREP)


ACTORS = (
    Actor("stranger", TEAM, STRANGER),
    # Another workspace's person who has Ada's very Slack id: ids are per workspace here.
    Actor("other_workspace", OTHER_TEAM, EMPLOYEE),
    Actor("former_manager", TEAM, MANAGER),
    Actor("new_manager_unanswered", TEAM, NEW),
    Actor("erased_person", TEAM, MENTOR),
)


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


# ---- the matrix -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """How to aim a listener at Ada's records, and which actors may legitimately use it.

    `targets` says which of Ada's record ids the request carries, or why none applies (the
    listener acts on the sender's own record only: it is still sent, to check it leaks
    nothing and changes nothing of Ada's). `allowed` actors may change Ada's rows with it
    (Linus is Ada's manager now: he may snooze or schedule her lapse reminder); they are
    still checked for leaks and 5xx.
    """

    build: Build
    targets: str
    allowed: frozenset[str] = field(default_factory=frozenset)
    # Actors a field error refuses (the probe's form is valid, so for anyone else a field
    # error would mean it never reached the authorization check).
    field_error_refuses: frozenset[str] = field(default_factory=frozenset)


OWN_ONLY = "not applicable: no record ids, acts on the sender's own record only"
LISTS = "no ids: lists what the sender may see of conversations they were part of (SQL)"
LINUS = frozenset({"new_manager_unanswered"})
SLACK_ABOUT_WORKSPACE = frozenset({"stranger", "former_manager", "new_manager_unanswered"})
cmd = f"{COMMAND} "

MATRIX: dict[tuple[str, str], Row] = {
    # Slash commands: the text is one word, no ids.
    **{
        ("command", cmd + word): Row(command(word), OWN_ONLY)
        for word in (
            "prep",
            "guide",
            "goals",
            "skills",
            "settings",
            "log",
            "history",
            "delete",
            "admin",
        )
    },
    ("command", cmd + "export"): Row(command("export"), LISTS),
    ("command", cmd + "*"): Row(command("help"), "not applicable: answers help text only"),
    # App Home
    ("action", Home.NUDGE_REPORT): Row(
        click(Home.NUDGE_REPORT, ada, where="home"), "Ada's person id", LINUS
    ),
    ("action", Home.ACTION_ITEM_DONE): Row(
        click(Home.ACTION_ITEM_DONE, World.item_for, where="home"), "a next step id"
    ),
    ("action", Home.OPEN_PREP): Row(click(Home.OPEN_PREP, where="home"), OWN_ONLY),
    ("action", Home.OPEN_GOALS): Row(click(Home.OPEN_GOALS, where="home"), OWN_ONLY),
    ("action", Home.OPEN_SKILLS): Row(click(Home.OPEN_SKILLS, where="home"), OWN_ONLY),
    ("action", Home.OPEN_SETTINGS): Row(click(Home.OPEN_SETTINGS, where="home"), OWN_ONLY),
    ("action", Home.LOG_CONVERSATION): Row(
        click(Home.LOG_CONVERSATION, ada, where="home"), "Ada's person id (partner prefill)"
    ),
    # Lapse reminders (to a manager about a report)
    ("action", Lapse.SNOOZE_1_WEEK): Row(click(Lapse.SNOOZE_1_WEEK, ada), "Ada's id", LINUS),
    ("action", Lapse.SNOOZE_2_WEEKS): Row(click(Lapse.SNOOZE_2_WEEKS, ada), "Ada's id", LINUS),
    ("action", Lapse.SCHEDULE): Row(click(Lapse.SCHEDULE, ada), "Ada's id", LINUS),
    ("view_submission", Lapse.SCHEDULE_MODAL): Row(
        submit(schedule_view, lambda a: {"planned_on": TODAY + timedelta(days=9)}),
        "Ada's id in private_metadata",
        LINUS,
    ),
    ("view_submission", Settings.MODAL): Row(
        submit(settings_view, lambda a: {"cadence": "quarterly"}),
        "not applicable: the form holds the sender's own settings",
    ),
    # Prep
    ("view_submission", Prep.MODAL): Row(
        submit(prep_view, lambda a: {"feeling": "Hostile", "direction": "expert"}),
        "Ada's draft id in private_metadata",
    ),
    ("view_closed", Prep.MODAL): Row(
        submit(prep_view, lambda a: {"feeling": "Hostile"}, closed=True),
        "Ada's draft id in private_metadata",
    ),
    ("action", Prep.BACK): Row(
        click(Prep.BACK, where="modal", view=lambda w: prep_view(w, step=2)),
        "Ada's draft id in the modal's private_metadata",
    ),
    ("action", Guide.ALTERNATIVE_PROMPT): Row(
        guide_click,
        "not applicable: the value lists prompts already shown; a forged `container` is "
        "issue 10 finding 8, owned by the replay/container helper",
    ),
    # Goals
    ("action", Goals.ADD): Row(click(Goals.ADD, where="home"), OWN_ONLY),
    ("action", Goals.EDIT): Row(
        click(Goals.EDIT, lambda w, a: w.goal, where="home"), "Ada's goal id"
    ),
    ("action", Goals.DONE): Row(
        click(Goals.DONE, lambda w, a: w.goal, where="home"), "Ada's goal id"
    ),
    ("action", Goals.DROP): Row(click(Goals.DROP, lambda w, a: w.goal), "Ada's goal id"),
    ("view_submission", Goals.FORM): Row(
        submit(goal_view, lambda a: GOAL_ANSWERS), "Ada's goal id in private_metadata"
    ),
    # Skills
    ("action", Skills.ADD): Row(click(Skills.ADD, where="home"), OWN_ONLY),
    ("action", Skills.EDIT): Row(
        click(Skills.EDIT, lambda w, a: w.skill, where="home"), "Ada's skill id"
    ),
    ("view_submission", Skills.FORM): Row(
        submit(skill_view, lambda a: SKILL_ANSWERS), "Ada's skill id in private_metadata"
    ),
    # Logging a conversation (editing Ada's)
    ("view_submission", Log.MODAL): Row(
        submit(log_view, lambda a: LOG_ANSWERS), "Ada's conversation id in private_metadata"
    ),
    # Recap and follow-up DMs
    ("action", Recap.ITEM_DONE): Row(click(Recap.ITEM_DONE, World.item_for), "a next step id"),
    ("action", Recap.EDIT): Row(
        click(Recap.EDIT, lambda w, a: w.conversation_for(a)), "Ada's conversation id"
    ),
    ("action", Recap.CALENDAR): Row(
        click(Recap.CALENDAR, lambda w, a: w.conversation_for(a)), "Ada's conversation id"
    ),
    ("action", FollowUp.ITEM_DONE): Row(
        click(FollowUp.ITEM_DONE, World.item_for), "a next step id"
    ),
    ("action", FollowUp.PUSH_DUE): Row(click(FollowUp.PUSH_DUE, World.item_for), "a next step id"),
    # History: picking Ada shows only what the actor may still see of the pair
    ("view_submission", History.PICKER): Row(
        submit(lambda w, a: history_picker(), lambda a: {"partner": EMPLOYEE}),
        "Ada's Slack id as the partner picked",
        # Ada's Slack id is this actor's own id in their workspace: "pick someone else".
        field_error_refuses=frozenset({"other_workspace"}),
    ),
    ("view_submission", Admin.MODAL): Row(
        submit(admin_view, lambda a: {"admins": [a.user], "cadence": "monthly"}),
        "not applicable: workspace settings; a non-admin naming themselves admin is refused",
    ),
    ("action", DataRights.DELETE_CONFIRM): Row(
        click(DataRights.DELETE_CONFIRM, ada), "Ada's person id"
    ),
    # The handover question (to Ada)
    ("action", Handover.CHOICES): Row(
        click(Handover.CHOICES), "not applicable: ticking a box only acks"
    ),
    ("action", Handover.PASS_ON): Row(
        click(
            Handover.PASS_ON,
            lambda w, a: w.handover,
            state={
                Handover.CHOICES_BLOCK: {
                    Handover.CHOICES: {
                        "type": "checkboxes",
                        "selected_options": [{"value": v} for v in ("goals", "recap", "items")],
                    }
                }
            },
        ),
        "Ada's handover question id",
    ),
    ("action", Handover.SHARE_NOTHING): Row(
        click(Handover.SHARE_NOTHING, lambda w, a: w.handover), "Ada's handover question id"
    ),
    # Events
    ("event", "app_home_opened"): Row(
        event(lambda w, a: slack_requests.app_home_opened(a.user, team_id=a.team)), LISTS
    ),
    ("event", "user_change"): Row(
        event(lambda w, a: {"type": "user_change", "user": {"id": EMPLOYEE, "tz": "Asia/Tokyo"}}),
        "Ada's Slack id: from Slack about Ada; only another workspace's event must not touch her",
        SLACK_ABOUT_WORKSPACE | {"erased_person"},
    ),
    ("event", "app_uninstalled"): Row(
        event(lambda w, a: {"type": "app_uninstalled", "event_ts": "1700000000.1"}),
        "the sender's workspace: only another workspace's event must not touch Ada's",
        SLACK_ABOUT_WORKSPACE | {"erased_person"},
    ),
    ("event", "tokens_revoked"): Row(
        event(
            lambda w, a: {
                "type": "tokens_revoked",
                "tokens": {"oauth": [], "bot": ["U0BOT00001"]},
                "event_ts": "1700000000.2",
            }
        ),
        "the sender's workspace: only another workspace's event must not touch Ada's",
        SLACK_ABOUT_WORKSPACE | {"erased_person"},
    ),
}

# Cells that fail on defects other helpers of issue 10 own (xfail there, strict).
KNOWN: dict[tuple[str, str], str] = {}


def test_every_registered_listener_has_a_row(settings: Any, engine: Engine) -> None:
    listeners = registered_listeners()
    assert len(listeners) == len(set(listeners)), "a listener registered twice"
    assert len(listeners) == bolt_listener_count(settings, engine), (
        "Bolt has listeners that were not registered through the methods recorded here"
    )
    missing = sorted(set(listeners) - MATRIX.keys())
    stale = sorted(MATRIX.keys() - set(listeners))
    assert not missing, f"listeners without a row in the authorization matrix: {missing}"
    assert not stale, f"rows for listeners that no longer exist: {stale}"


def _leaks(server: SettledServer, since: int, uploads: set[str], answer: bytes) -> list[str]:
    seen = [json.dumps(call.args, default=str) for call in server.fake.calls[since:]]
    seen += [
        repr(upload.get("content", b""))
        for key, upload in server.fake.uploads.items()
        if key not in uploads
    ]
    seen.append(answer.decode(errors="replace"))
    return sorted({c for c in CANARIES for text in seen if c in text})


def _foreign(change: Change, actor: Actor, after: dict[str, Any]) -> bool:
    """A change to something that is not the actor's own (nor another workspace's)."""
    row = change.row
    if change.table == "processedevent":
        return False
    workspaces = after["workspace"].values()
    ours = {w["id"] for w in workspaces if w["slack_team_id"] == actor.team}
    if actor.team != TEAM and (
        (change.table == "workspace" and row.get("id") in ours) or row.get("workspace_id") in ours
    ):
        return False
    me = {
        p["id"]
        for p in after["person"].values()
        if p["slack_user_id"] == actor.user and p["workspace_id"] in ours
    }
    if change.table == "person" and row.get("id") in me:
        return False
    if change.table == "delivery":  # a message to the actor themselves (their guide DM, say)
        return not (row.get("recipient") == actor.user and row.get("workspace_id") in ours)
    return row.get("person_id") not in me


def _cells() -> list[Any]:
    """Every listener on SQLite; on Postgres too when it carries ids (its SQL decides)."""
    return [
        pytest.param(kind, key, id=f"{kind}-{key[0]}:{key[1]}")
        for key in sorted(MATRIX)
        for kind in DATABASES
        if kind == "sqlite" or not MATRIX[key].targets.startswith("not applicable")
    ]


@pytest.mark.parametrize(("database", "listener"), _cells(), indirect=["database"])
def test_no_hostile_actor_gets_or_changes_anything_of_adas(
    settled_server: SettledServer, engine: Engine, listener: tuple[str, str]
) -> None:
    if listener in KNOWN:
        pytest.xfail(KNOWN[listener])
    row = MATRIX[listener]
    settled_server.fake.add_user(NEW, email="linus@example.com", name="linus")
    settled_server.fake.add_user(MENTOR, email="mo@example.com", name="mo")
    world = seed(engine)
    failures: list[str] = []
    for actor in ACTORS:
        since, uploads = len(settled_server.fake.calls), set(settled_server.fake.uploads)
        before = snapshot(engine)
        status, _, answer = settled_server.post(row.build(world, actor, settled_server))
        settled_server.settle()
        after = snapshot(engine)
        cell = f"{listener[1]} x {actor.kind}"
        if status >= 500:
            failures.append(f"{cell}: HTTP {status}")
        if any(SORRY in json.dumps(c.args) for c in settled_server.fake.calls[since:]):
            failures.append(f"{cell}: the listener failed (the apology was sent)")
        field_error = b'"response_action": "errors"' in answer
        if field_error and actor.kind not in row.field_error_refuses:
            failures.append(f"{cell}: stopped by a field error, not by authorization")
        leaked = _leaks(settled_server, since, uploads, answer)
        if leaked:
            failures.append(f"{cell}: Ada's data reached the actor: {leaked}")
        if actor.kind not in row.allowed:
            written = [c for c in changes(before, after) if _foreign(c, actor, after)]
            if written:
                failures.append(
                    f"{cell}: changed {[(c.table, c.before, c.after) for c in written]}"
                )
    settled_server.fake.take_violations()
    assert not failures, "\n".join(failures)
