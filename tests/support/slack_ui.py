"""A Slack UI driver: type a command, submit a modal, click a button, as Slack would send them
to the app over signed HTTP; and read back what the app posted."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlencode

from icalendar import Calendar
from slack_sdk import WebClient
from sqlalchemy.engine import Engine
from sqlmodel import col, select, update

from bot.blocks.ids import Lapse as LapseIds
from bot.blocks.ids import Log as LogIds
from bot.blocks.lapse import lapse_message
from bot.db import session_scope
from bot.models import Delivery, Person
from bot.outbox.enqueue import Outgoing, enqueue_many, owed_ids
from bot.outbox.send import Verdict, post
from bot.services.nudges.lapses import Lapse
from tests.support import slack_requests
from tests.support.app_server import AppServer
from tests.support.fakeslack.blockkit import check_message_blocks, check_view
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER
from tests.support.slack_forms import state_values
from tests.support.world import TEAM


def open_by_command(app_server: AppServer, word: str, user: str = EMPLOYEE) -> dict[str, Any]:
    """Type `/career-prep WORD`; the modal Slack opened, as Slack returned it (with its id)."""
    fake = app_server.fake
    before = len(fake.calls_to("views.open"))
    body = slack_requests.slash_command(
        word, user_id=user, team_id=TEAM, trigger_id=fake.issue_trigger_id()
    )
    status, _, raw = app_server.post(body)
    assert status == 200 and raw == b"", raw
    call = fake.wait_for("views.open", count=before + 1)[-1]
    assert check_view(call.args["view"]) == []
    return opened(call.args["view"], call.response["view"])


def opened(sent: dict[str, Any], returned: dict[str, Any]) -> dict[str, Any]:
    """What we sent, with the id, root and previous ids Slack gave it."""
    keys = ("id", "root_view_id", "previous_view_id", "hash")
    return {**sent, **{k: returned[k] for k in keys}}


def submit(
    app_server: AppServer, view: dict[str, Any], answers: dict[str, Any], user: str = EMPLOYEE
) -> dict[str, Any]:
    """Submit a modal as Slack would, with `answers` typed in; the app's ack body."""
    body = slack_requests.view_submission(
        user_id=user,
        team_id=TEAM,
        callback_id=view["callback_id"],
        values=state_values(view, answers),
        private_metadata=view.get("private_metadata", ""),
        view_id=view["id"],
        blocks=view["blocks"],
    )
    if view.get("previous_view_id"):
        payload = json.loads(parse_qs(body.decode())["payload"][0])
        payload["view"]["root_view_id"] = view["root_view_id"]
        payload["view"]["previous_view_id"] = view["previous_view_id"]
        body = urlencode({"payload": json.dumps(payload)}).encode()
    status, _, raw = app_server.post(body)
    assert status == 200, raw
    return json.loads(raw) if raw else {}


def click(
    app_server: AppServer,
    action_id: str,
    value: str | None = None,
    *,
    user: str = EMPLOYEE,
    view: dict[str, Any] | None = None,
    home: bool = False,
) -> None:
    """Click a button in an open modal (`view`), on App Home (`home`), or in a DM."""
    fake = app_server.fake
    container = None
    if home:
        container = slack_requests.view_object("V0HOME0001", team_id=TEAM, view_type="home")
    elif view is not None:
        container = slack_requests.view_object(
            view["id"],
            team_id=TEAM,
            callback_id=view["callback_id"],
            private_metadata=view.get("private_metadata", ""),
            blocks=view["blocks"],
        )
    body = slack_requests.block_actions(
        user_id=user,
        team_id=TEAM,
        action_id=action_id,
        value=value,
        trigger_id=fake.issue_trigger_id(view_id=container["id"] if container else None),
        view=container,
    )
    status, _, raw = app_server.post(body)
    assert status == 200, raw


def eventually(check: Callable[[], bool], timeout: float = 5.0) -> None:
    """Wait for a listener that runs after its ack to leave a trace in the database."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "the change never happened"
        time.sleep(0.02)


def log(app_server: AppServer, answers: dict[str, Any], *, user: str = MANAGER) -> dict[str, Any]:
    """Open the log modal by command and submit it; the app's ack body."""
    form = open_by_command(app_server, "log", user)
    assert form["callback_id"] == LogIds.MODAL
    return submit(app_server, form, answers, user)


def recaps_posted(app_server: AppServer, count: int = 2) -> dict[str, dict[str, Any]]:
    """The recap each person received, by user id (the DM channel tells whose it is).

    Waits for the Home tab the listener publishes last, so what it saved is committed.
    """
    fake = app_server.fake
    calls = fake.wait_for("chat.postMessage", count=count)
    fake.wait_for("views.publish", count=count // 2)
    people = (EMPLOYEE, MANAGER, STRANGER)
    # The outbox posts to the user id; Slack opens (or finds) the DM channel for it.
    by_channel = {**{u: u for u in people}, **{fake.dm_channel(u): u for u in people}}
    return {by_channel[c.args["channel"]]: c.args for c in calls}


def click_in(
    app_server: AppServer, posted: dict[str, Any], user: str, action: str, value: int | str
) -> None:
    body = slack_requests.block_actions(
        user_id=user,
        team_id=TEAM,
        action_id=action,
        value=str(value),
        trigger_id=app_server.fake.issue_trigger_id(),
        channel_id=posted["channel"],
        message={"type": "message", "ts": posted["ts"], "text": "", "blocks": []},
    )
    assert app_server.post(body)[0] == 200


def open_guide(app_server: AppServer) -> dict[str, Any]:
    body = slack_requests.slash_command(
        "guide", user_id=EMPLOYEE, team_id=TEAM, trigger_id=app_server.fake.issue_trigger_id()
    )
    status, _, raw = app_server.post(body)
    assert status == 200
    reply = json.loads(raw)
    assert reply["response_type"] == "ephemeral" and "direct message" in reply["text"]
    (call,) = app_server.fake.wait_for("chat.postMessage")
    assert call.ok and call.args["channel"] == EMPLOYEE and call.args["text"]
    assert check_message_blocks(call.args["blocks"]) == []
    # Where Slack put it (a DM channel id, as a click's container names it), not the user id.
    return {**call.args, "channel": call.response["channel"], "ts": call.response["ts"]}


def outbox_recorded(engine: Engine, ts: str) -> None:
    """Wait until the outbox wrote down the message Slack holds as `ts`: it does so just after
    Slack's answer, so a click checked against that record comes after it, as a person's would."""

    def recorded() -> bool:
        with session_scope(engine) as session:
            found = session.exec(select(Delivery.id).where(col(Delivery.slack_ts) == ts)).first()
        return found is not None

    eventually(recorded)


def reminder_in_dm(app_server: AppServer, engine: Engine, ada: int) -> tuple[str, str]:
    """Grace's lapse reminder about Ada, owed and posted as the outbox does; its (channel, ts)."""
    fake = app_server.fake
    client = WebClient(token=fake.bot_token, base_url=fake.api_url)
    lapse = Lapse(1, ada, EMPLOYEE, 0, MANAGER, UTC, 120, None, 18, 9)
    text, blocks = lapse_message(lapse)
    now = datetime.now(UTC)
    with session_scope(engine) as session:
        person = session.get(Person, ada)
        assert person is not None
        owed = Outgoing(person.workspace_id, MANAGER, "lapse", f"test-{ada}", text, now, blocks)
        enqueue_many(session=session, messages=[owed], now=now)
        (delivery_id,) = owed_ids(session, [owed])
    sent = post(
        client, {"text": text, "blocks": blocks}, recipient=MANAGER, delivery_id=delivery_id
    )
    assert sent.verdict is Verdict.SENT and sent.channel and sent.ts
    with session_scope(engine) as session:
        session.exec(
            update(Delivery)
            .where(col(Delivery.id) == delivery_id)
            .values(state="sent", slack_channel=sent.channel, slack_ts=sent.ts, sent_at=now)
        )
    return sent.channel, sent.ts


def click_schedule(app_server: AppServer, ada: int, user: str, channel: str, ts: str) -> None:
    fake = app_server.fake
    body = slack_requests.block_actions(
        user_id=user,
        team_id=TEAM,
        action_id=LapseIds.SCHEDULE,
        value=str(ada),
        block_id=LapseIds.ACTIONS,
        trigger_id=fake.issue_trigger_id(),
        channel_id=channel,
        message={"type": "message", "ts": ts, "text": "", "blocks": []},
    )
    status, _, raw = app_server.post(body)
    assert status == 200, raw


def ics_file(app_server: AppServer, count: int = 1) -> tuple[Calendar, dict[str, Any]]:
    app_server.fake.wait_for("files.completeUploadExternal", count=count)
    eventually(lambda: len(app_server.fake.uploads) >= count)
    upload = sorted(app_server.fake.uploads.values(), key=lambda u: u["id"])[count - 1]
    eventually(lambda: upload.get("channel") is not None)
    return Calendar.from_ical(upload["content"]), upload
