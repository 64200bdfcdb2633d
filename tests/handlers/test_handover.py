"""A reporting-line change through signed HTTP, the outbox and the fake Slack.

The old manager loses the employee's conversations at once (their clicks change nothing); the
employee is asked what to pass on; the new manager sees nothing from before until they answer,
then only what they ticked, and gets an introduction that says so.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.blocks.handover import intro_message, question_message
from bot.blocks.ids import FollowUp as FollowUpIds
from bot.blocks.ids import Handover as Ids
from bot.blocks.ids import Recap as RecapIds
from bot.cli import main
from bot.config import Settings
from bot.db import session_scope
from bot.jobs import JobContext, job_named
from bot.models import Conversation, Delivery, Goal, Handover, Person, Prep
from bot.services.conversations import dashboard, followups, history, recaps
from bot.services.org.handover_contents import Offer, Passed
from bot.services.prep import briefing as prep_briefing
from tests.support import slack_requests
from tests.support.answers import LOG_ANSWERS
from tests.support.app_server import AppServer
from tests.support.factories import report_to_manager
from tests.support.fakeslack.blockkit import check_message_blocks
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER
from tests.support.fakeslack.server import RESPONSE_URL
from tests.support.rows import items
from tests.support.slack_forms import state_values
from tests.support.slack_ui import click, eventually, log, open_by_command, recaps_posted, submit
from tests.support.world import NOW, TEAM, TODAY

NEW = "U0NEWBOSS1"  # Linus, the new manager
GOAL = "Lead the <!channel> migration"
NOTES = "Ada wants to lead a project <@U0BOSS>"


# ---- helpers ---------------------------------------------------------------------------------


def _before_the_change(app_server: AppServer, engine: Engine) -> dict[str, int]:
    """Ada reports to Grace, has a goal, and Grace logged a manager conversation with her."""
    app_server.fake.add_user(NEW, email="linus@example.com", name="linus", real_name="Linus")
    ids = report_to_manager(engine)
    with session_scope(engine) as session:
        session.add(
            Goal(
                person_id=ids[EMPLOYEE],
                title=GOAL,
                experiment="Pair on the plan",
                horizon="medium",
                target_on=TODAY + timedelta(days=200),
                created_at=NOW - timedelta(days=10),
                updated_at=NOW - timedelta(days=10),
            )
        )
    log(app_server, {**LOG_ANSWERS, "shared_notes": NOTES})
    recaps_posted(app_server)
    return ids


def _change_manager(app_server: AppServer, engine: Engine, to: str | None) -> None:
    """Ada picks her new manager in her own settings (None: she clears the field)."""
    fake = app_server.fake
    before = len(fake.calls_to("views.open"))
    body = slack_requests.slash_command(
        "settings", user_id=EMPLOYEE, team_id=TEAM, trigger_id=fake.issue_trigger_id()
    )
    assert app_server.post(body)[0] == 200
    view = fake.wait_for("views.open", count=before + 1)[-1].args["view"]
    answers = {"manager": to, "cadence": "quarterly"}
    body = slack_requests.view_submission(
        user_id=EMPLOYEE,
        team_id=TEAM,
        callback_id=view["callback_id"],
        values=state_values(view, answers),
        blocks=view["blocks"],
    )
    status, _, raw = app_server.post(body)
    assert status == 200 and json.loads(raw)["response_action"] == "update", raw
    eventually(lambda: _manager_of(engine, EMPLOYEE) == to)


def _manager_of(engine: Engine, user: str) -> str | None:
    with Session(engine) as session:
        person = session.exec(select(Person).where(Person.slack_user_id == user)).one()
        manager = session.get(Person, person.manager_id) if person.manager_id else None
        return manager.slack_user_id if manager else None


def _handovers(engine: Engine) -> list[Handover]:
    with Session(engine) as session:
        return list(session.exec(select(Handover).order_by(col(Handover.id))))


def _deliveries(engine: Engine, kind: str) -> list[Delivery]:
    with Session(engine) as session:
        return list(session.exec(select(Delivery).where(Delivery.kind == kind)))


def _deliver(settings: Settings, engine: Engine) -> None:
    """Run the outbox a week ahead, so even a question owed for Monday morning goes out.

    On a Tuesday at 10:00 UTC: a working hour for everyone here (the dispatcher holds a
    question that falls due in its recipient's quiet hours or weekend).
    """
    job = job_named("deliver")
    assert job is not None and job.run is not None
    day = datetime.now(UTC).date() + timedelta(days=8)
    day += timedelta(days=(1 - day.weekday()) % 7)
    at = datetime.combine(day, time(10), tzinfo=UTC)
    job.run(JobContext(settings=settings, engine=engine, clock=lambda: at))


def _posted_to(app_server: AppServer, user: str) -> list[dict[str, Any]]:
    """Messages the bot posted to `user`'s DM: args plus the ts Slack gave them."""
    fake = app_server.fake
    channel = fake.dm_channel(user)
    return [
        {**c.args, "ts": c.response["ts"], "dm": c.response["channel"]}
        for c in fake.calls_to("chat.postMessage")
        if c.ok and c.response.get("channel") == channel
    ]


def _answer(
    app_server: AppServer,
    question: dict[str, Any],
    action_id: str,
    *,
    user: str = EMPLOYEE,
    ticked: tuple[str, ...] = (),
) -> None:
    """Tick boxes in the question DM and click one of its buttons, as Slack sends it."""
    buttons = next(b for b in question["blocks"] if b.get("block_id") == Ids.ACTIONS)
    value = next(e["value"] for e in buttons["elements"] if e["action_id"] == action_id)
    boxes = next(b for b in question["blocks"] if b.get("block_id") == Ids.CHOICES_BLOCK)
    options = {o["value"]: o for o in boxes["elements"][0]["options"]}
    body = slack_requests.block_actions(
        user_id=user,
        team_id=TEAM,
        action_id=action_id,
        value=value,
        block_id=Ids.ACTIONS,
        trigger_id=app_server.fake.issue_trigger_id(),
        channel_id=question["dm"],
        message={
            "type": "message",
            "ts": question["ts"],
            "text": question["text"],
            "blocks": question["blocks"],
        },
    )
    payload = json.loads(parse_qs(body.decode())["payload"][0])
    selected = [options[v] for v in ticked]
    payload["state"] = {
        "values": {
            Ids.CHOICES_BLOCK: {Ids.CHOICES: {"type": "checkboxes", "selected_options": selected}}
        }
    }
    status, _, raw = app_server.post(urlencode({"payload": json.dumps(payload)}).encode())
    assert status == 200, raw


def _briefing(engine: Engine, employee: int, partner_user: str) -> prep_briefing.Briefing:
    """The briefing `partner_user` would get from Ada's shared prep."""
    with session_scope(engine) as session:
        partner = session.exec(select(Person).where(Person.slack_user_id == partner_user)).one()
        row = Prep(
            person_id=employee,
            partner_id=partner.id,
            answers={"feeling": "fine"},
            shared=True,
            submitted_at=NOW,
            created_at=NOW,
            updated_at=NOW,
        )
        session.add(row)
        session.flush()
        return prep_briefing.briefing_for(session=session, prep_id=row.id or 0)


# ---- the old manager loses access ------------------------------------------------------------


def test_the_old_managers_clicks_change_nothing_after_the_change(
    app_server: AppServer, engine: Engine
) -> None:
    ids = _before_the_change(app_server, engine)
    conversation_id = items(engine)[0].conversation_id
    _change_manager(app_server, engine, NEW)
    fake = app_server.fake
    opened_before = len(fake.calls_to("views.open"))

    ada_item = items(engine)[1]  # Ada's "Draft a talk proposal"
    click(app_server, RecapIds.ITEM_DONE, str(ada_item.id), user=MANAGER)
    click(app_server, RecapIds.EDIT, str(conversation_id), user=MANAGER)
    click(app_server, RecapIds.CALENDAR, str(conversation_id), user=MANAGER)
    answers = fake.wait_for(RESPONSE_URL, count=3)
    for answer in answers:
        assert answer.args["response_type"] == "ephemeral"
        assert "Only the two people in this conversation" in answer.args["text"]
    assert all(i.done_at is None for i in items(engine))
    assert fake.calls_to("chat.update") == []
    assert len(fake.calls_to("views.open")) == opened_before  # no edit form, no file
    assert fake.calls_to("files.getUploadURLExternal") == []

    # Her history and Home no longer show Ada's conversation or its next steps.
    picker = open_by_command(app_server, "history", MANAGER)
    text = json.dumps(submit(app_server, picker, {"partner": EMPLOYEE}, MANAGER)["view"])
    assert "No conversations with" in text and "lead a project" not in text
    with session_scope(engine) as session:
        grace = session.get(Person, ids[MANAGER])
        assert grace is not None
        assert dashboard.open_items(session=session, person=grace, limit=10) == ([], 0)
        ada = session.get(Person, ids[EMPLOYEE])
        assert ada is not None
        entries, total = history.history(session=session, actor=ada, partner_user_id=MANAGER)
        assert total == 1 and "lead a project" in entries[0].shared_notes  # Ada keeps it all
    # Nor does a briefing from Ada's prep, should she share one with Grace.
    briefing = _briefing(engine, ids[EMPLOYEE], MANAGER)
    assert (briefing.items, briefing.last_notes, briefing.conversations_together) == ([], "", 0)


def test_the_old_manager_can_neither_tick_nor_push_follow_up_steps(
    app_server: AppServer, engine: Engine
) -> None:
    _before_the_change(app_server, engine)
    _change_manager(app_server, engine, NEW)
    graces, adas = items(engine)[0], items(engine)[1]  # "Ask finance…" is Grace's own step
    click(app_server, FollowUpIds.PUSH_DUE, str(graces.id), user=MANAGER)
    click(app_server, FollowUpIds.ITEM_DONE, str(adas.id), user=MANAGER)
    answers = app_server.fake.wait_for(RESPONSE_URL, count=2)
    assert all(a.args["response_type"] == "ephemeral" for a in answers)
    assert [(i.due_on, i.done_at) for i in items(engine)] == [
        (graces.due_on, None),
        (adas.due_on, None),
        (items(engine)[2].due_on, None),
    ]
    assert app_server.fake.calls_to("chat.update") == []
    # And the conversation's follow-ups end: the planner finds nothing open to send either.
    with session_scope(engine) as session:
        followup = followups.followup_of(
            session=session, conversation_id=adas.conversation_id, today=TODAY
        )
    assert (followup.items, followup.goals) == ([], [])


def test_the_old_manager_cannot_overwrite_the_day_by_logging_it_again(
    app_server: AppServer, engine: Engine
) -> None:
    _before_the_change(app_server, engine)
    _change_manager(app_server, engine, NEW)
    reply = log(app_server, {**LOG_ANSWERS, "shared_notes": "Rewritten by the old manager"})
    assert reply["response_action"] == "errors"
    assert "isn't yours to change any more" in reply["errors"]["held_on"]
    with Session(engine) as session:
        (conversation,) = session.exec(select(Conversation)).all()
    assert conversation.shared_notes == NOTES


def test_the_employee_still_uses_her_recap_and_only_her_copy_is_updated(
    app_server: AppServer, engine: Engine
) -> None:
    _before_the_change(app_server, engine)
    _change_manager(app_server, engine, NEW)
    ada_item = items(engine)[1]
    click(app_server, RecapIds.ITEM_DONE, str(ada_item.id), user=EMPLOYEE)
    (update,) = app_server.fake.wait_for("chat.update")
    assert update.args["channel"] == app_server.fake.dm_channel(EMPLOYEE)
    assert items(engine)[1].done_at is not None
    with session_scope(engine) as session:
        recap = recaps.recap_of(session=session, conversation_id=ada_item.conversation_id)
    assert recap.recipients == (EMPLOYEE,)  # Grace's copy is no longer updated
    assert len(app_server.fake.calls_to("chat.update")) == 1


# ---- the employee chooses, the new manager is introduced --------------------------------------


def test_goals_only_reach_the_new_manager_after_the_employee_passes_them_on(
    app_server: AppServer, engine: Engine, settings: Settings
) -> None:
    ids = _before_the_change(app_server, engine)
    _change_manager(app_server, engine, NEW)
    (handover,) = _handovers(engine)
    assert (handover.old_manager_id, handover.answered_at) == (ids[MANAGER], None)

    # Before the answer the new manager sees none of Ada's earlier goals, recap or steps.
    before = _briefing(engine, ids[EMPLOYEE], NEW)
    assert (before.goals, before.goals_total, before.items, before.last_notes) == ([], 0, [], "")

    _deliver(settings, engine)
    (question,) = _posted_to(app_server, EMPLOYEE)[-1:]
    assert check_message_blocks(question["blocks"]) == []
    text = json.dumps(question["blocks"])
    assert f"<@{NEW}>" in question["text"] and "1 active" in text and "2 open" in text
    assert _posted_to(app_server, NEW) == []  # nothing for the new manager yet

    _answer(app_server, question, Ids.PASS_ON, ticked=("goals",))
    (done,) = app_server.fake.wait_for(RESPONSE_URL)
    assert done.args["replace_original"] is True
    assert "Passed on to" in done.args["text"] and "your goals" in done.args["text"]
    (answered,) = _handovers(engine)
    assert answered.answered_at is not None
    assert (answered.share_goals, answered.share_recap, answered.share_items) == (
        True,
        False,
        False,
    )

    _deliver(settings, engine)
    (intro,) = _posted_to(app_server, NEW)
    assert check_message_blocks(intro["blocks"]) == []
    shown = json.dumps(intro["blocks"])
    assert "Lead the &lt;!channel&gt; migration" in shown and "<!channel>" not in shown
    assert "lead a project" not in shown and "Draft a talk proposal" not in shown
    after = _briefing(engine, ids[EMPLOYEE], NEW)
    assert [g.text for g in after.goals] == [GOAL]
    assert (after.items, after.last_notes) == ([], "")


def test_the_first_recap_with_the_new_manager_leaves_out_goals_not_passed_on(
    app_server: AppServer, engine: Engine
) -> None:
    _before_the_change(app_server, engine)
    _change_manager(app_server, engine, NEW)
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
    ids = _before_the_change(app_server, engine)
    _change_manager(app_server, engine, NEW)
    _deliver(settings, engine)
    question = _posted_to(app_server, EMPLOYEE)[-1]
    _answer(app_server, question, Ids.SHARE_NOTHING, ticked=("goals", "recap"))
    app_server.fake.wait_for(RESPONSE_URL)
    eventually(lambda: _handovers(engine)[0].answered_at is not None)
    (answered,) = _handovers(engine)
    assert not (answered.share_goals or answered.share_recap or answered.share_items)
    _deliver(settings, engine)
    (intro,) = _posted_to(app_server, NEW)
    assert "Nothing from before was passed on" in json.dumps(intro["blocks"])
    assert _briefing(engine, ids[EMPLOYEE], NEW).goals == []


def test_everything_passed_on_is_listed_escaped(
    app_server: AppServer, engine: Engine, settings: Settings
) -> None:
    _before_the_change(app_server, engine)
    _change_manager(app_server, engine, NEW)
    _deliver(settings, engine)
    question = _posted_to(app_server, EMPLOYEE)[-1]
    _answer(app_server, question, Ids.PASS_ON, ticked=("goals", "recap", "items"))
    app_server.fake.wait_for(RESPONSE_URL)
    _deliver(settings, engine)
    (intro,) = _posted_to(app_server, NEW)
    shown = json.dumps(intro["blocks"])
    assert "lead a project &lt;@U0BOSS&gt;" in shown and "<@U0BOSS>" not in shown
    assert "Draft a talk proposal" in shown and "Shadow an incident review" in shown
    assert "Ask finance" not in shown  # Grace's own step stays with Grace


def test_a_stranger_or_the_old_manager_cannot_answer_for_the_employee(
    app_server: AppServer, engine: Engine, settings: Settings
) -> None:
    _before_the_change(app_server, engine)
    _change_manager(app_server, engine, NEW)
    _deliver(settings, engine)
    question = _posted_to(app_server, EMPLOYEE)[-1]
    _answer(app_server, question, Ids.PASS_ON, user=STRANGER, ticked=("goals",))
    _answer(app_server, question, Ids.PASS_ON, user=MANAGER, ticked=("goals", "items"))
    _answer(app_server, question, Ids.SHARE_NOTHING, user=NEW)
    answers = app_server.fake.wait_for(RESPONSE_URL, count=3)
    for answer in answers:
        assert answer.args["response_type"] == "ephemeral"
        assert "Only the person this question is about" in answer.args["text"]
    (handover,) = _handovers(engine)
    assert handover.answered_at is None and not handover.share_goals
    assert _deliveries(engine, "handover-intro") == []


def test_answering_twice_changes_nothing(
    app_server: AppServer, engine: Engine, settings: Settings
) -> None:
    _before_the_change(app_server, engine)
    _change_manager(app_server, engine, NEW)
    _deliver(settings, engine)
    question = _posted_to(app_server, EMPLOYEE)[-1]
    _answer(app_server, question, Ids.PASS_ON, ticked=("goals",))
    app_server.fake.wait_for(RESPONSE_URL)
    _answer(app_server, question, Ids.PASS_ON, ticked=("goals", "recap", "items"))
    second = app_server.fake.wait_for(RESPONSE_URL, count=2)[-1]
    assert "already answered" in second.args["text"]
    (handover,) = _handovers(engine)
    assert (handover.share_recap, handover.share_items) == (False, False)
    assert len(_deliveries(engine, "handover-intro")) == 1


# ---- changing again before the answer ---------------------------------------------------------


def test_a_question_for_a_manager_she_no_longer_has_is_out_of_date(
    app_server: AppServer, engine: Engine, settings: Settings
) -> None:
    ids = _before_the_change(app_server, engine)
    _change_manager(app_server, engine, NEW)
    _deliver(settings, engine)
    first = _posted_to(app_server, EMPLOYEE)[-1]
    _change_manager(app_server, engine, STRANGER)  # Linus -> Eve before Ada answered
    _answer(app_server, first, Ids.PASS_ON, ticked=("goals",))
    (answer,) = app_server.fake.wait_for(RESPONSE_URL)
    assert "out of date" in answer.args["text"]
    to_linus, to_eve = _handovers(engine)
    assert to_linus.answered_at is None and to_eve.old_manager_id == to_linus.new_manager_id
    assert _deliveries(engine, "handover-intro") == []
    # Grace still has no access: she was the manager before Linus.
    picker = open_by_command(app_server, "history", MANAGER)
    text = json.dumps(submit(app_server, picker, {"partner": EMPLOYEE}, MANAGER)["view"])
    assert "No conversations with" in text
    # Eve's question is the one that counts.
    _deliver(settings, engine)
    second = _posted_to(app_server, EMPLOYEE)[-1]
    assert f"<@{STRANGER}>" in second["text"]
    assert _briefing(engine, ids[EMPLOYEE], STRANGER).goals == []


def test_changing_back_before_answering_withdraws_the_question_and_restores_access(
    app_server: AppServer, engine: Engine
) -> None:
    _before_the_change(app_server, engine)
    _change_manager(app_server, engine, NEW)
    (pending,) = _deliveries(engine, "handover")
    assert pending.state == "pending"
    _change_manager(app_server, engine, MANAGER)  # a mistake, undone before Ada answered
    assert [(h.old_manager_id is not None, h.answered_at) for h in _handovers(engine)] == [
        (True, None)
    ]
    (to_grace,) = _handovers(engine)
    with Session(engine) as session:
        grace = session.exec(select(Person).where(Person.slack_user_id == MANAGER)).one()
    assert to_grace.new_manager_id == grace.id
    (asked_again,) = _deliveries(engine, "handover")  # the question about Linus withdrawn
    assert asked_again.period_key != pending.period_key
    assert f"<@{MANAGER}>" in asked_again.payload["text"]
    picker = open_by_command(app_server, "history", MANAGER)
    text = json.dumps(submit(app_server, picker, {"partner": EMPLOYEE}, MANAGER)["view"])
    assert "lead a project" in text  # Grace has her own conversations back


# ---- a spell without a manager ---------------------------------------------------------------


def _grace_sees_her_conversation(app_server: AppServer) -> bool:
    picker = open_by_command(app_server, "history", MANAGER)
    text = json.dumps(submit(app_server, picker, {"partner": EMPLOYEE}, MANAGER)["view"])
    return "lead a project" in text


def test_removing_the_manager_revokes_her_at_once_and_asks_nobody(
    app_server: AppServer, engine: Engine
) -> None:
    _before_the_change(app_server, engine)
    assert _grace_sees_her_conversation(app_server)
    _change_manager(app_server, engine, None)
    assert not _grace_sees_her_conversation(app_server)
    (removal,) = _handovers(engine)
    assert removal.new_manager_id is None and removal.answered_at is not None
    assert _deliveries(engine, "handover") == []  # nobody to pass anything on to
    _change_manager(app_server, engine, None)  # saving her settings again adds nothing
    assert len(_handovers(engine)) == 1


def test_the_next_manager_after_a_spell_without_one_is_asked_about(
    app_server: AppServer, engine: Engine, settings: Settings
) -> None:
    ids = _before_the_change(app_server, engine)
    _change_manager(app_server, engine, None)
    _change_manager(app_server, engine, NEW)
    assert _briefing(engine, ids[EMPLOYEE], NEW).goals == []  # nothing passes unasked
    _deliver(settings, engine)
    question = _posted_to(app_server, EMPLOYEE)[-1]
    assert f"<@{MANAGER}>" in json.dumps(question["blocks"])  # about Grace, the one before
    assert f"<@{NEW}>" in question["text"]
    assert not _grace_sees_her_conversation(app_server)


def test_the_same_manager_back_after_a_spell_without_one_keeps_her_conversations(
    app_server: AppServer, engine: Engine
) -> None:
    _before_the_change(app_server, engine)
    _change_manager(app_server, engine, None)
    _change_manager(app_server, engine, MANAGER)
    assert _handovers(engine) == []
    assert _deliveries(engine, "handover") == []
    assert _grace_sees_her_conversation(app_server)


# ---- the org import asks too ----------------------------------------------------------------


def test_an_import_that_moves_someone_asks_them_too(
    slack_env: Settings, engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_file = tmp_path / "org.csv"
    csv_file.write_text("email,manager_email,team\nada@example.com,grace@example.com,Core\n")
    assert main(["org", "import", str(csv_file)]) == 0
    assert _handovers(engine) == []  # a first manager: nobody to pass anything on from
    csv_file.write_text("email,manager_email,team\nada@example.com,eve@example.com,Core\n")
    assert main(["org", "import", str(csv_file)]) == 0, capsys.readouterr().err
    (handover,) = _handovers(engine)
    with Session(engine) as session:
        people = {p.id: p.slack_user_id for p in session.exec(select(Person))}
    assert (people[handover.old_manager_id or 0], people[handover.new_manager_id]) == (
        MANAGER,
        STRANGER,
    )
    (question,) = _deliveries(engine, "handover")
    assert (question.recipient, question.state) == (EMPLOYEE, "pending")
    assert check_message_blocks(question.payload["blocks"]) == []


# ---- the builders ----------------------------------------------------------------------------


def test_the_builders_escape_and_fit_slack() -> None:
    text, blocks = question_message(
        Offer(
            handover_id=7,
            employee_user_id=EMPLOYEE,
            old_manager_user_id=MANAGER,
            new_manager_user_id=NEW,
            goals=0,
            last_recap_on=None,
            items=0,
        )
    )
    assert check_message_blocks(blocks) == [] and text
    assert "no active goals yet" in json.dumps(blocks)
    long_notes = "<!here> " + "x" * 1400
    text, blocks = intro_message(
        Passed(
            employee_user_id=EMPLOYEE,
            new_manager_user_id=NEW,
            goals=[f"<@U0{n:08d}> goal" for n in range(10)],
            goals_total=14,
            recap_on=TODAY,
            recap_notes=long_notes,
            items=[("<#C0GENERAL1> step", TODAY)],
            items_total=1,
        )
    )
    shown = json.dumps(blocks)
    assert check_message_blocks(blocks) == [] and f"<@{EMPLOYEE}>" in text
    assert "<!here>" not in shown and "<#C0GENERAL1>" not in shown and "<@U000" not in shown
    assert "and 4 more" in shown
