"""A new person's App Home (how it works, a button per first step) and the one welcome DM when
they first open the Messages tab, through signed HTTP, the real app and the fake Slack."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import col

from bot.blocks.ids import Block as BlockId
from bot.blocks.ids import Home as Ids
from bot.blocks.replies import GUIDE_SENT
from bot.blocks.welcome import WELCOME_TEXT
from bot.clock import Clock
from bot.config import Settings
from bot.models import Delivery
from tests.support import slack_requests
from tests.support.app_server import AppServer
from tests.support.bursts import at_once, count
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.blockkit import check_message_blocks
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER
from tests.support.home_world import open_home, pinned_clock, published, seed
from tests.support.hostile_input import tracked_server
from tests.support.slack_ui import click, open_by_command
from tests.support.world import TEAM

FIRST_STEPS = [
    Ids.OPEN_PREP,
    Ids.OPEN_GUIDE,
    Ids.OPEN_GOALS,
    Ids.OPEN_SKILLS,
    Ids.OPEN_HISTORY,
    Ids.OPEN_HELP,
]


@pytest.fixture
def app_clock(fake_slack: FakeSlack) -> Clock:
    return pinned_clock(fake_slack)


def _buttons(view: dict[str, Any]) -> list[str]:
    return [
        element["action_id"]
        for block in view["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    ]


def _messages_tab(user: str, event_id: str) -> bytes:
    event = slack_requests.app_home_opened(user, team_id=TEAM, tab="messages")
    return slack_requests.event_callback(event, team_id=TEAM, event_id=event_id)


def _welcomes(fake: FakeSlack, user: str) -> list[Any]:
    return [
        c
        for c in fake.calls_to("chat.postMessage")
        if c.args["channel"] == user and c.args["text"] == WELCOME_TEXT
    ]


def test_a_new_person_sees_how_it_works_and_a_button_per_first_step(
    app_server: AppServer, engine: Engine
) -> None:
    view = open_home(app_server, EMPLOYEE)
    start = [b for b in view["blocks"] if b.get("block_id") == BlockId.HOME_START]
    assert len(start) == 1 and "*How it works*" in start[0]["text"]["text"]
    assert _buttons(view) == FIRST_STEPS


def test_someone_with_a_conversation_logged_sees_the_usual_shortcuts(
    app_server: AppServer, engine: Engine
) -> None:
    seed(engine)
    view = open_home(app_server, EMPLOYEE)
    assert BlockId.HOME_START not in json.dumps(view)
    assert Ids.OPEN_HELP not in _buttons(view) and Ids.LOG_CONVERSATION in _buttons(view)


@pytest.mark.parametrize("word", ["prep", "goals", "skills", "history"])
def test_each_modal_button_opens_what_its_subcommand_opens(
    app_server: AppServer, engine: Engine, word: str
) -> None:
    fake = app_server.fake
    typed = open_by_command(app_server, word)
    click(app_server, f"home_open_{word}", home=True)
    clicked = fake.wait_for("views.open", count=2)[-1].args["view"]
    assert clicked["callback_id"] == typed["callback_id"]
    assert clicked["blocks"] == typed["blocks"]


def test_help_opens_the_help_words_in_a_modal(app_server: AppServer, engine: Engine) -> None:
    body = slack_requests.slash_command(
        "help", user_id=EMPLOYEE, team_id=TEAM, trigger_id=app_server.fake.issue_trigger_id()
    )
    status, _, raw = app_server.post(body)
    assert status == 200
    typed = json.loads(raw)
    click(app_server, Ids.OPEN_HELP, home=True)
    (call,) = app_server.fake.wait_for("views.open")
    assert call.ok and call.args["view"]["callback_id"] == Ids.HELP_MODAL
    assert call.args["view"]["blocks"] == typed["blocks"]


def test_guide_sends_the_guide_dm_and_says_so_on_home(
    app_server: AppServer, engine: Engine
) -> None:
    open_home(app_server, EMPLOYEE)
    click(app_server, Ids.OPEN_GUIDE, home=True)
    (call,) = app_server.fake.wait_for("chat.postMessage")
    assert call.ok and call.args["channel"] == EMPLOYEE
    assert "conversation guide" in call.args["text"]
    assert GUIDE_SENT in json.dumps(published(app_server, EMPLOYEE, 2))


def test_the_messages_tab_gets_one_welcome_dm_and_the_home_tab_none(
    app_server: AppServer, engine: Engine
) -> None:
    fake = app_server.fake
    open_home(app_server, EMPLOYEE)
    assert app_server.post(_messages_tab(EMPLOYEE, "Ev0WELCOME01"))[0] == 200
    (welcome,) = fake.wait_for("chat.postMessage")
    assert welcome.ok and welcome.args["text"] == WELCOME_TEXT
    assert check_message_blocks(welcome.args["blocks"]) == []
    assert "*How it works*" in json.dumps(welcome.args["blocks"])
    # Opening it again, and opening Home, another day: nothing more.
    assert app_server.post(_messages_tab(EMPLOYEE, "Ev0WELCOME02"))[0] == 200
    open_home(app_server, EMPLOYEE, count=2)
    assert app_server.post(_messages_tab(MANAGER, "Ev0WELCOME03"))[0] == 200
    fake.wait_for("chat.postMessage", count=2)  # the manager's own welcome
    assert len(_welcomes(fake, EMPLOYEE)) == 1 and len(_welcomes(fake, MANAGER)) == 1


def test_twenty_messages_tab_openings_at_once_owe_and_send_one_welcome(
    settings: Settings, engine: Engine, fake_slack: FakeSlack
) -> None:
    """Twenty distinct events (tabs opened on several devices) race: the outbox's unique key
    owes one welcome, and only the request that owed it sends it."""
    with tracked_server(settings, engine, fake_slack) as (server, listeners):
        bodies = [_messages_tab(EMPLOYEE, f"Ev0RACE{n:05d}") for n in range(20)]
        answers = at_once(server, bodies)
        assert [status for status, _ in answers] == [200] * 20
        listeners.settle()
    assert len(_welcomes(fake_slack, EMPLOYEE)) == 1
    assert count(engine, Delivery, col(Delivery.kind) == "welcome") == 1
    assert count(engine, Delivery, col(Delivery.state) == "sent") == 1
