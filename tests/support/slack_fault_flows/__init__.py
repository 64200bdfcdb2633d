"""The flows of tests/system/test_slack_faults.py: for each Slack method the bot calls, a flow
that calls it and checks nothing was lost or doubled under a fault on it."""

from __future__ import annotations

from bot.blocks.ids import DataRights, FollowUp, Goals, Recap
from bot.slack import zones
from tests.support.fakeslack.fixtures import STRANGER
from tests.support.slack_fault_flows.charts import erased_with_chart, home_with_chart
from tests.support.slack_fault_flows.interactions import (
    due_pushed_once,
    files_once,
    followup_message,
    goal_done,
    guide_sent,
    messages_at_most_once,
    one_modal_at_most,
    one_person,
    open_goals_list,
)
from tests.support.slack_fault_flows.org_import import (
    all_or_nothing,
    crowd_org,
    import_org,
    profile_org,
    set_team,
    small_org,
    team_channel,
    team_saved_or_not,
)
from tests.support.slack_fault_flows.outbox import drain_at, outbox_recovers, owe, owe_a_lost_send
from tests.support.slack_fault_flows.run import (
    FAULTS,
    REQUEST_TIMEOUT,
    Flow,
    Run,
    click,
    command,
    nothing,
)

__all__ = ["FAULTS", "FLOWS", "REQUEST_TIMEOUT", "Flow", "Run"]

FLOWS: list[Flow] = [
    Flow(
        "views.open",
        nothing,
        lambda r: command(r, "goals"),
        one_modal_at_most("goals_modal"),
        "goals command",
    ),
    Flow(
        "views.push",
        open_goals_list,
        lambda r: click(r, Goals.ADD, "", view=r.context["modal"]),
        one_modal_at_most("goal_form"),
        "add a goal from the list",
    ),
    Flow(
        "views.update",
        open_goals_list,
        lambda r: click(r, Goals.DONE, r.world.goal, view=r.context["modal"]),
        goal_done,
        "goal done in the list",
    ),
    Flow(
        "views.publish",
        nothing,
        lambda r: click(r, Goals.DONE, r.world.goal, view={"id": "V0HOME0001", "type": "home"}),
        goal_done,
        "goal done on Home",
    ),
    Flow("chat.postMessage", nothing, lambda r: command(r, "guide"), guide_sent, "guide"),
    Flow("chat.postMessage", owe, lambda r: drain_at(r, 0), outbox_recovers, "outbox send"),
    Flow(
        "conversations.history",
        owe_a_lost_send,
        lambda r: drain_at(r, 2),
        outbox_recovers,
        "outbox check of a lost send",
    ),
    Flow(
        "chat.update",
        followup_message,
        lambda r: click(
            r,
            FollowUp.PUSH_DUE,
            r.context["value"],
            message=r.context["message"],
            channel=r.context["channel"],
        ),
        lambda r: due_pushed_once(r) + messages_at_most_once(r),
        "push a follow-up's due date",
    ),
    *[
        Flow(
            method,
            nothing,
            lambda r: click(r, Recap.CALENDAR, r.world.manager_talk),
            files_once,
            "recap calendar invite",
        )
        for method in (
            "conversations.open",
            "files.getUploadURLExternal",
            "files.completeUploadExternal",
        )
    ],
    Flow(
        "files.delete",
        home_with_chart,
        lambda r: click(r, DataRights.DELETE_CONFIRM, r.world.ada),
        erased_with_chart,
        "erase deletes the skill chart's file",
    ),
    # A newcomer's first request asks Slack for their zone, before the ack, with a short timeout.
    Flow(
        "users.info",
        nothing,
        lambda r: command(r, "help", user=STRANGER),
        one_person(STRANGER),
        "a newcomer's first command",
        timeout=zones.ASK_TIMEOUT_SECONDS,
    ),
    Flow("auth.test", small_org, import_org, all_or_nothing, "org import"),
    Flow("users.lookupByEmail", small_org, import_org, all_or_nothing, "org import"),
    Flow("users.list", crowd_org, import_org, all_or_nothing, "org import of many"),
    Flow("users.profile.get", profile_org, import_org, all_or_nothing, "org import, profile"),
    Flow("conversations.info", team_channel, set_team, team_saved_or_not, "team set"),
]
