"""A reporting-line change, as the handover tests make it: Ada, Grace, Linus and the answers."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta
from typing import Any
from urllib.parse import parse_qs, urlencode

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.blocks.ids import Handover as Ids
from bot.config import Settings
from bot.db import session_scope
from bot.jobs import JobContext, job_named
from bot.models import Delivery, Goal, Handover, Person, Prep
from bot.services.prep import briefing as prep_briefing
from tests.support import slack_requests
from tests.support.answers import LOG_ANSWERS
from tests.support.app_server import AppServer
from tests.support.factories import report_to_manager
from tests.support.fakeslack.fixtures import EMPLOYEE
from tests.support.slack_forms import state_values
from tests.support.slack_ui import eventually, log, recaps_posted
from tests.support.world import NOW, TEAM, TODAY

NEW = "U0NEWBOSS1"  # Linus, the new manager
GOAL = "Lead the <!channel> migration"
NOTES = "Ada wants to lead a project <@U0BOSS>"


def before_the_change(app_server: AppServer, engine: Engine) -> dict[str, int]:
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


def change_manager(app_server: AppServer, engine: Engine, to: str | None) -> None:
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
    eventually(lambda: manager_of(engine, EMPLOYEE) == to)


def manager_of(engine: Engine, user: str) -> str | None:
    with Session(engine) as session:
        person = session.exec(select(Person).where(Person.slack_user_id == user)).one()
        manager = session.get(Person, person.manager_id) if person.manager_id else None
        return manager.slack_user_id if manager else None


def handovers(engine: Engine) -> list[Handover]:
    with Session(engine) as session:
        return list(session.exec(select(Handover).order_by(col(Handover.id))))


def deliveries_of(engine: Engine, kind: str) -> list[Delivery]:
    with Session(engine) as session:
        return list(session.exec(select(Delivery).where(Delivery.kind == kind)))


def deliver_a_week_on(settings: Settings, engine: Engine) -> None:
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


def posted_to(app_server: AppServer, user: str) -> list[dict[str, Any]]:
    """Messages the bot posted to `user`'s DM: args plus the ts Slack gave them."""
    fake = app_server.fake
    channel = fake.dm_channel(user)
    return [
        {**c.args, "ts": c.response["ts"], "dm": c.response["channel"]}
        for c in fake.calls_to("chat.postMessage")
        if c.ok and c.response.get("channel") == channel
    ]


def answer_question(
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


def briefing_of(engine: Engine, employee: int, partner_user: str) -> prep_briefing.Briefing:
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
