"""The authorization matrix's rows (tests/system/test_authz_matrix.py): for every listener
the app registers, how to aim it at Ada's records and which actors may legitimately use it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from bot.blocks.command_words import COMMAND
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
from tests.support import slack_requests
from tests.support.authz_requests import (
    GOAL_ANSWERS,
    LOG_ANSWERS,
    SKILL_ANSWERS,
    Build,
    ada,
    admin_view,
    click,
    command,
    event,
    goal_view,
    guide_click,
    log_view,
    prep_view,
    schedule_view,
    settings_view,
    skill_view,
    submit,
)
from tests.support.authz_world import TODAY, World
from tests.support.fakeslack.fixtures import EMPLOYEE

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
    ("action", Home.OPEN_GUIDE): Row(click(Home.OPEN_GUIDE, where="home"), OWN_ONLY),
    ("action", Home.OPEN_HISTORY): Row(click(Home.OPEN_HISTORY, where="home"), OWN_ONLY),
    ("action", Home.OPEN_HELP): Row(click(Home.OPEN_HELP, where="home"), OWN_ONLY),
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
