"""A reporting-line change: the employee chooses what to pass on, the new manager is introduced.

The new manager sees nothing from before until the employee answers, then only what she ticked,
and gets an introduction that says so; changing again before the answer asks again.
"""

from __future__ import annotations

import json

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.blocks.ids import Handover as Ids
from bot.config import Settings
from bot.models import Person
from tests.support.answers import LOG_ANSWERS
from tests.support.app_server import AppServer
from tests.support.fakeslack.blockkit import check_message_blocks
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER
from tests.support.fakeslack.server import RESPONSE_URL
from tests.support.handover_world import (
    GOAL,
    NEW,
    answer_question,
    before_the_change,
    briefing_of,
    change_manager,
    deliver_a_week_on,
    deliveries_of,
    handovers,
    posted_to,
)
from tests.support.slack_ui import eventually, log, open_by_command, submit
from tests.support.world import TODAY

# ---- the employee chooses, the new manager is introduced --------------------------------------


def test_goals_only_reach_the_new_manager_after_the_employee_passes_them_on(
    app_server: AppServer, engine: Engine, settings: Settings
) -> None:
    ids = before_the_change(app_server, engine)
    change_manager(app_server, engine, NEW)
    (handover,) = handovers(engine)
    assert (handover.old_manager_id, handover.answered_at) == (ids[MANAGER], None)

    # Before the answer the new manager sees none of Ada's earlier goals, recap or steps.
    before = briefing_of(engine, ids[EMPLOYEE], NEW)
    assert (before.goals, before.goals_total, before.items, before.last_notes) == ([], 0, [], "")

    deliver_a_week_on(settings, engine)
    (question,) = posted_to(app_server, EMPLOYEE)[-1:]
    assert check_message_blocks(question["blocks"]) == []
    text = json.dumps(question["blocks"])
    assert f"<@{NEW}>" in question["text"] and "1 active" in text and "2 open" in text
    assert posted_to(app_server, NEW) == []  # nothing for the new manager yet

    answer_question(app_server, question, Ids.PASS_ON, ticked=("goals",))
    (done,) = app_server.fake.wait_for(RESPONSE_URL)
    assert done.args["replace_original"] is True
    assert "Passed on to" in done.args["text"] and "your goals" in done.args["text"]
    (answered,) = handovers(engine)
    assert answered.answered_at is not None
    assert (answered.share_goals, answered.share_recap, answered.share_items) == (
        True,
        False,
        False,
    )

    deliver_a_week_on(settings, engine)
    (intro,) = posted_to(app_server, NEW)
    assert check_message_blocks(intro["blocks"]) == []
    shown = json.dumps(intro["blocks"])
    assert "Lead the &lt;!channel&gt; migration" in shown and "<!channel>" not in shown
    assert "lead a project" not in shown and "Draft a talk proposal" not in shown
    after = briefing_of(engine, ids[EMPLOYEE], NEW)
    assert [g.text for g in after.goals] == [GOAL]
    assert (after.items, after.last_notes) == ([], "")


def test_the_first_recap_with_the_new_manager_leaves_out_goals_not_passed_on(
    app_server: AppServer, engine: Engine
) -> None:
    before_the_change(app_server, engine)
    change_manager(app_server, engine, NEW)
    log(app_server, {**LOG_ANSWERS, "partner": EMPLOYEE, "held_on": TODAY}, user=NEW)
    calls = app_server.fake.wait_for("chat.postMessage", count=4)[2:]
    fake = app_server.fake
    dms = {fake.dm_channel(EMPLOYEE), fake.dm_channel(NEW)}
    assert {c.response["channel"] for c in calls} == dms
    for call in calls:
        shown = json.dumps(call.args["blocks"])
        assert "migration" not in shown and "No active goals yet" in shown


def test_sharing_nothing_says_so_to_the_new_manager(
    app_server: AppServer, engine: Engine, settings: Settings
) -> None:
    ids = before_the_change(app_server, engine)
    change_manager(app_server, engine, NEW)
    deliver_a_week_on(settings, engine)
    question = posted_to(app_server, EMPLOYEE)[-1]
    answer_question(app_server, question, Ids.SHARE_NOTHING, ticked=("goals", "recap"))
    app_server.fake.wait_for(RESPONSE_URL)
    eventually(lambda: handovers(engine)[0].answered_at is not None)
    (answered,) = handovers(engine)
    assert not (answered.share_goals or answered.share_recap or answered.share_items)
    deliver_a_week_on(settings, engine)
    (intro,) = posted_to(app_server, NEW)
    assert "Nothing from before was passed on" in json.dumps(intro["blocks"])
    assert briefing_of(engine, ids[EMPLOYEE], NEW).goals == []


def test_everything_passed_on_is_listed_escaped(
    app_server: AppServer, engine: Engine, settings: Settings
) -> None:
    before_the_change(app_server, engine)
    change_manager(app_server, engine, NEW)
    deliver_a_week_on(settings, engine)
    question = posted_to(app_server, EMPLOYEE)[-1]
    answer_question(app_server, question, Ids.PASS_ON, ticked=("goals", "recap", "items"))
    app_server.fake.wait_for(RESPONSE_URL)
    deliver_a_week_on(settings, engine)
    (intro,) = posted_to(app_server, NEW)
    shown = json.dumps(intro["blocks"])
    assert "lead a project &lt;@U0BOSS&gt;" in shown and "<@U0BOSS>" not in shown
    assert "Draft a talk proposal" in shown and "Shadow an incident review" in shown
    assert "Ask finance" not in shown  # Grace's own step stays with Grace


def test_a_stranger_or_the_old_manager_cannot_answer_for_the_employee(
    app_server: AppServer, engine: Engine, settings: Settings
) -> None:
    before_the_change(app_server, engine)
    change_manager(app_server, engine, NEW)
    deliver_a_week_on(settings, engine)
    question = posted_to(app_server, EMPLOYEE)[-1]
    answer_question(app_server, question, Ids.PASS_ON, user=STRANGER, ticked=("goals",))
    answer_question(app_server, question, Ids.PASS_ON, user=MANAGER, ticked=("goals", "items"))
    answer_question(app_server, question, Ids.SHARE_NOTHING, user=NEW)
    answers = app_server.fake.wait_for(RESPONSE_URL, count=3)
    for answer in answers:
        assert answer.args["response_type"] == "ephemeral"
        assert "Only the person this question is about" in answer.args["text"]
    (handover,) = handovers(engine)
    assert handover.answered_at is None and not handover.share_goals
    assert deliveries_of(engine, "handover-intro") == []


def test_answering_twice_changes_nothing(
    app_server: AppServer, engine: Engine, settings: Settings
) -> None:
    before_the_change(app_server, engine)
    change_manager(app_server, engine, NEW)
    deliver_a_week_on(settings, engine)
    question = posted_to(app_server, EMPLOYEE)[-1]
    answer_question(app_server, question, Ids.PASS_ON, ticked=("goals",))
    app_server.fake.wait_for(RESPONSE_URL)
    answer_question(app_server, question, Ids.PASS_ON, ticked=("goals", "recap", "items"))
    second = app_server.fake.wait_for(RESPONSE_URL, count=2)[-1]
    assert "already answered" in second.args["text"]
    (handover,) = handovers(engine)
    assert (handover.share_recap, handover.share_items) == (False, False)
    assert len(deliveries_of(engine, "handover-intro")) == 1


# ---- changing again before the answer ---------------------------------------------------------


def test_a_question_for_a_manager_she_no_longer_has_is_out_of_date(
    app_server: AppServer, engine: Engine, settings: Settings
) -> None:
    ids = before_the_change(app_server, engine)
    change_manager(app_server, engine, NEW)
    deliver_a_week_on(settings, engine)
    first = posted_to(app_server, EMPLOYEE)[-1]
    change_manager(app_server, engine, STRANGER)  # Linus -> Eve before Ada answered
    answer_question(app_server, first, Ids.PASS_ON, ticked=("goals",))
    (answer,) = app_server.fake.wait_for(RESPONSE_URL)
    assert "out of date" in answer.args["text"]
    to_linus, to_eve = handovers(engine)
    assert to_linus.answered_at is None and to_eve.old_manager_id == to_linus.new_manager_id
    assert deliveries_of(engine, "handover-intro") == []
    # Grace still has no access: she was the manager before Linus.
    picker = open_by_command(app_server, "history", MANAGER)
    text = json.dumps(submit(app_server, picker, {"partner": EMPLOYEE}, MANAGER)["view"])
    assert "No conversations with" in text
    # Eve's question is the one that counts.
    deliver_a_week_on(settings, engine)
    second = posted_to(app_server, EMPLOYEE)[-1]
    assert f"<@{STRANGER}>" in second["text"]
    assert briefing_of(engine, ids[EMPLOYEE], STRANGER).goals == []


def test_changing_back_before_answering_withdraws_the_question_and_restores_access(
    app_server: AppServer, engine: Engine
) -> None:
    before_the_change(app_server, engine)
    change_manager(app_server, engine, NEW)
    (pending,) = deliveries_of(engine, "handover")
    assert pending.state == "pending"
    change_manager(app_server, engine, MANAGER)  # a mistake, undone before Ada answered
    assert [(h.old_manager_id is not None, h.answered_at) for h in handovers(engine)] == [
        (True, None)
    ]
    (to_grace,) = handovers(engine)
    with Session(engine) as session:
        grace = session.exec(select(Person).where(Person.slack_user_id == MANAGER)).one()
    assert to_grace.new_manager_id == grace.id
    (asked_again,) = deliveries_of(engine, "handover")  # the question about Linus withdrawn
    assert asked_again.period_key != pending.period_key
    assert f"<@{MANAGER}>" in asked_again.payload["text"]
    picker = open_by_command(app_server, "history", MANAGER)
    text = json.dumps(submit(app_server, picker, {"partner": EMPLOYEE}, MANAGER)["view"])
    assert "lead a project" in text  # Grace has her own conversations back
