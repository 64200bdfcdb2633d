"""Flows through the app's surfaces: the goals modal and Home, the guide, a follow-up's button,
a recap's calendar invite, a newcomer's first command; and what each must leave behind."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from slack_sdk import WebClient
from sqlmodel import Session, select

from bot.blocks.followup import push_value
from bot.db import session_scope
from bot.models import ActionItem, Delivery, Goal, Person
from tests.support.fakeslack.fixtures import EMPLOYEE
from tests.support.slack_fault_flows.run import Run, command


def goal(run: Run) -> Goal:
    with Session(run.engine) as session:
        goal = session.get(Goal, run.world.goal)
        assert goal is not None
        return goal


def open_goals_list(run: Run) -> None:
    """Ada's goal list, open as a modal (she has an active goal)."""
    command(run, "goals")
    run.server.settle()
    call = run.server.fake.calls_to("views.open")[-1]
    run.context["modal"] = call.response["view"]


def one_modal_at_most(callback_id: str, most: int = 1) -> Callable[[Run], list[str]]:
    def check(run: Run) -> list[str]:
        shown = [v for v in run.server.fake.open_views if v.get("callback_id") == callback_id]
        return [f"{len(shown)} {callback_id} modals open"] if len(shown) > most else []

    return check


def goal_done(run: Run) -> list[str]:
    status = goal(run).status
    return [] if status == "done" else [f"the goal marked done was lost: {status}"]


def messages_at_most_once(run: Run) -> list[str]:
    texts = [(m.get("channel"), m.get("text")) for m in run.server.fake.messages()]
    doubled = {t for t in texts if texts.count(t) > 1}
    return [f"sent twice: {sorted(map(str, doubled))}"] if doubled else []


def guide_sent(run: Run) -> list[str]:
    dm = run.server.fake.dm_channel(EMPLOYEE)
    sent = run.server.fake.messages(dm)
    return messages_at_most_once(run) + ([] if len(sent) <= 1 else [f"{len(sent)} guides"])


def due_pushed_once(run: Run) -> list[str]:
    with Session(run.engine) as session:
        item = session.get(ActionItem, run.world.ada_item)
        assert item is not None
    expected = run.context["due"] + timedelta(days=7)
    return [] if item.due_on == expected else [f"due {item.due_on}, expected {expected}"]


def followup_message(run: Run) -> None:
    with session_scope(run.engine) as session:
        item = session.get(ActionItem, run.world.ada_item)
        assert item is not None
        run.context["due"] = item.due_on
        ada = session.get(Person, run.world.ada)
        assert ada is not None
        conversation_id, workspace_id = item.conversation_id, ada.workspace_id
    web = WebClient(token=run.server.fake.bot_token, base_url=run.server.fake.api_url)
    posted = web.chat_postMessage(channel=EMPLOYEE, text="follow-up")
    run.context["message"] = {"type": "message", "ts": posted["ts"], "text": "follow-up"}
    run.context["channel"] = posted["channel"]
    run.context["value"] = push_value(run.world.ada_item, run.context["due"])
    # What the outbox records of a follow-up it sent: the click is checked against it.
    with session_scope(run.engine) as session:
        session.add(
            Delivery(
                workspace_id=workspace_id,
                recipient=EMPLOYEE,
                kind="followup",
                period_key=f"{conversation_id}:p1",
                payload={"text": "follow-up"},
                state="sent",
                not_before=run.started,
                created_at=run.started,
                sent_at=run.started,
                slack_channel=str(posted["channel"]),
                slack_ts=str(posted["ts"]),
            )
        )


def files_once(run: Run) -> list[str]:
    shared = [c for c in run.server.fake.calls_to("files.completeUploadExternal") if c.ok]
    ids = [f["id"] for c in shared for f in c.args.get("files", [])]
    return [f"file shared {len(ids)} times"] if len(ids) > len(set(ids)) or len(ids) > 1 else []


def one_person(user: str) -> Callable[[Run], list[str]]:
    def check(run: Run) -> list[str]:
        with Session(run.engine) as session:
            found = session.exec(select(Person).where(Person.slack_user_id == user)).all()
        return [] if len(found) == 1 else [f"{len(found)} person rows for {user}"]

    return check
