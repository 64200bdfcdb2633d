"""An injection corpus through every text field of every modal, then everything the bot sends.

Mentions, channel pings and links typed by a person must reach Slack escaped (so they show
as text and ping nobody), and template syntax must come out as typed, never evaluated.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from freezegun import freeze_time
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.jobs import job_named
from bot.jobs.context import JobContext
from tests.support import slack_requests
from tests.support.app_server import AppServer
from tests.support.factories import report_to_manager
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER
from tests.support.hostile_input import (
    CORPUS,
    LIVE_MARKUP,
    TrackingExecutor,
    by_command,
    inputs,
    tracked_server,
)
from tests.support.slack_forms import state_values
from tests.support.world import TEAM

# Evaluated, these would print words that appear nowhere in the corpus itself.
EVALUATED = ("pwned", "JINJAJINJA", "1337")
TEMPLATES = ("{{ 'pwn' ~ 'ed' }}", "{% for x in range(2) %}JINJA{% endfor %}", "{{ 7*191 }}")
PIECES = [text for text in (*TEMPLATES, *CORPUS) if len(text) < 200]


def _typed(rotation: int) -> str:
    """Every hostile piece in one text, starting at a different one per round (short fields
    keep only their start)."""
    pieces = PIECES[rotation:] + PIECES[:rotation]
    return " | ".join(pieces)


def _fill(view: dict[str, Any], typed: str, **chosen: Any) -> dict[str, Any]:
    """`typed` in every text input (cut to its max_length), sensible choices elsewhere."""
    answers: dict[str, Any] = {}
    for block in inputs(view):
        name, element = block["block_id"], block["element"]
        if name in chosen:
            answers[name] = chosen[name]
        elif element["type"] == "plain_text_input":
            answers[name] = typed[: element.get("max_length", 3000)]
        elif element["type"] in ("static_select", "radio_buttons"):
            answers[name] = element["options"][0]["value"]
        elif element["type"] == "checkboxes":
            answers[name] = [o["value"] for o in element["options"]]
    return state_values(view, answers)


@pytest.fixture
def server(
    settings: Settings, engine: Engine, fake_slack: FakeSlack
) -> Iterator[tuple[AppServer, TrackingExecutor]]:
    with tracked_server(settings, engine, fake_slack) as running:
        yield running


def _submit(
    server: tuple[AppServer, TrackingExecutor], view: dict[str, Any], values: Any, user: str
) -> dict[str, Any]:
    app_server, listeners = server
    body = slack_requests.view_submission(
        user_id=user,
        team_id=TEAM,
        callback_id=view["callback_id"],
        values=values,
        private_metadata=view.get("private_metadata", ""),
        blocks=view["blocks"],
    )
    status, _, raw = app_server.post(body)
    listeners.settle()
    assert status == 200, raw
    reply: dict[str, Any] = json.loads(raw) if raw else {}
    assert reply.get("response_action") != "errors", reply
    return reply


def _mrkdwn_texts(sent: Any) -> Iterator[str]:
    """Every text Slack renders as mrkdwn in a call's arguments or an ack body."""
    if isinstance(sent, dict):
        if sent.get("type") == "mrkdwn" and isinstance(sent.get("text"), str):
            yield sent["text"]
        for value in sent.values():
            yield from _mrkdwn_texts(value)
    elif isinstance(sent, list):
        for value in sent:
            yield from _mrkdwn_texts(value)


@pytest.mark.parametrize("rotation", [0, 8, 16])
def test_typed_markup_reaches_slack_escaped_and_templates_unevaluated(
    server: tuple[AppServer, TrackingExecutor],
    engine: Engine,
    settings: Settings,
    rotation: int,
) -> None:
    app_server, listeners = server
    fake = app_server.fake
    typed = _typed(rotation)
    today = date.today()
    acks: list[dict[str, Any]] = []

    # Log: shared and private notes and every next step; a recap goes to both people.
    report_to_manager(engine)
    log = by_command(app_server, "log", MANAGER)
    log_values = _fill(
        log, typed, partner=EMPLOYEE, held_on=today, follow_up="monthly", kind="manager"
    )
    acks.append(_submit(server, log, log_values, MANAGER))

    # Prep: every answer, shared with the manager, who gets the briefing.
    step = by_command(app_server, "prep")
    for _ in range(3):
        reply = _submit(server, step, _fill(step, typed, partner=MANAGER), EMPLOYEE)
        acks.append(reply)
        step = reply["view"]
        if step["callback_id"] != "prep_modal":
            break

    # A goal and a skill: their saved notices and lists.
    goal = by_command(app_server, "goals")
    acks.append(_submit(server, goal, _fill(goal, typed, target_on=None), EMPLOYEE))
    skill = by_command(app_server, "skills")
    options = "\n".join([typed[:290]] * 3)
    acks.append(
        _submit(
            server,
            skill,
            _fill(
                skill,
                typed,
                rating="4",
                options=options,
                target_6m=None,
                target_12m=None,
                target_18m=None,
            ),
            EMPLOYEE,
        )
    )

    # History with the manager, the Home tabs, and the follow-up nudges weeks later.
    history = by_command(app_server, "history")
    acks.append(_submit(server, history, _fill(history, typed, partner=MANAGER), EMPLOYEE))
    for user in (EMPLOYEE, MANAGER):
        event = slack_requests.app_home_opened(user, team_id=TEAM)
        status, _, _ = app_server.post(slack_requests.event_callback(event, team_id=TEAM))
        assert status == 200
        listeners.settle()
    later = datetime.now(UTC) + timedelta(days=45)
    for job in ("followups", "deliver"):
        found = job_named(job)
        assert found is not None and found.run is not None
        at = later
        with freeze_time(at):
            found.run(JobContext(settings=settings, engine=engine, clock=lambda at=at: at))
        later += timedelta(days=3)

    calls = [c for c in fake.calls if c.method not in ("auth.test", "users.info")]
    methods = {c.method for c in calls}
    assert {"chat.postMessage", "views.publish", "views.open"} <= methods, methods
    # The typed text did reach Slack (else this test proves nothing).
    outgoing = json.dumps([c.args for c in calls] + acks)
    assert "&lt;!channel&gt;" in outgoing
    assert "{{ 'pwn' ~ 'ed' }}" in outgoing

    rendered = [text for c in calls for text in _mrkdwn_texts(c.args)]
    rendered += [text for ack in acks for text in _mrkdwn_texts(ack)]
    rendered += [str(c.args.get("text") or "") for c in calls]  # message fallback text
    assert len(rendered) > 20
    for text in rendered:
        for markup in LIVE_MARKUP:
            assert markup not in text, f"{markup!r} sent unescaped in {text[:300]!r}"
    for words in EVALUATED:
        found = words in outgoing
        if words.isdigit():
            # A number counts on its own only: ids and timestamps the fake hands out are
            # random, and "1337" inside one of them (it happened) says nothing of a template.
            found = re.search(rf"(?<![0-9A-Za-z.]){words}(?![0-9A-Za-z.])", outgoing) is not None
        assert not found, f"a template was evaluated: {words!r}"
    assert "\\u0000" not in outgoing
