"""Faults on every Slack Web API method the bot calls: 429, 5xx, slow, dropped before Slack
acts, dropped after Slack acts.

Each method has a flow that calls it, driven through the real HTTP entry (or the outbox
dispatcher for the outbox's methods). With one fault on that method we check: every request
is answered (no 5xx from our entry), what the flow saves is saved exactly once, and no
message or file reaches Slack twice. `test_every_method_the_bot_calls_has_a_flow` fails when
the bot starts calling a method (from the fake's method table) that has no flow here.

"slow" is a delay just above the client's timeout; the request client's timeout is shortened
to 1 s for these tests (the same client otherwise), so a slow answer costs ~1.3 s, not 10.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

import bot
from bot.config import Settings
from bot.db import session_scope
from bot.models import Person
from bot.slack import client as slack_client
from tests.support import hostile_app as hostile
from tests.support.authz_world import MENTOR, NEW, NOW, seed
from tests.support.fakeslack.methods import METHODS
from tests.support.hostile_app import SettledServer
from tests.support.slack_fault_flows import FAULTS, FLOWS, REQUEST_TIMEOUT, Run

settled_server = hostile.settled_server  # the fixture, for this module's tests


# Methods whose caller is not the bot's own flow code; not driven here.
NOT_DRIVEN = {
    "oauth.v2.access": "the OAuth install redirect; covered by tests/handlers/test_installs.py",
    "apps.connections.open": "Socket Mode's connection, opened by slack_sdk",
}

# Cells that fail for a known, not yet fixed defect: (method, flow, fault) -> why. None now.
KNOWN: dict[tuple[str, str, str], str] = {}


def _called_by_the_bot() -> set[str]:
    """Methods of the fake's table that the bot's code calls (slack_sdk's snake_case names)."""
    source = "\n".join(p.read_text() for p in Path(bot.__file__).parent.rglob("*.py"))
    called = {m for m in METHODS if re.search(rf"\b{m.replace('.', '_')}\(", source)}
    if "files_upload_v2(" in source:  # slack_sdk's upload calls both of these
        called |= {"files.getUploadURLExternal", "files.completeUploadExternal"}
    if "SocketModeHandler" in source:
        called.add("apps.connections.open")
    if "oauth_settings" in source:
        called.add("oauth.v2.access")
    return called


def test_every_method_the_bot_calls_has_a_flow() -> None:
    called = _called_by_the_bot()
    driven = {flow.method for flow in FLOWS}
    missing = sorted(called - driven - NOT_DRIVEN.keys())
    assert not missing, f"Slack methods the bot calls with no fault flow here: {missing}"
    assert driven <= set(METHODS)
    assert not (driven & NOT_DRIVEN.keys())


@pytest.fixture
def short_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(slack_client, "TIMEOUT_SECONDS", REQUEST_TIMEOUT)


CELLS = [
    pytest.param(
        index,
        fault,
        id=f"{flow.method} ({flow.name})-{fault}",
        marks=[pytest.mark.xfail(strict=True, reason=KNOWN[(flow.method, flow.name, fault)])]
        if (flow.method, flow.name, fault) in KNOWN
        else [],
    )
    for index, flow in enumerate(FLOWS)
    for fault in FAULTS
]


@pytest.mark.slack_faults
@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("index", "fault"), CELLS)
def test_a_fault_on_a_slack_method_loses_nothing_and_doubles_nothing(
    short_timeout: None,
    slack_env: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    settled_server: SettledServer,
    engine: Engine,
    settings: Settings,
    index: int,
    fault: str,
) -> None:
    flow = FLOWS[index]
    fake = settled_server.fake
    fake.add_user(NEW, email="linus@example.com", name="linus")
    fake.add_user(MENTOR, email="mo@example.com", name="mo")
    context = {"tmp": tmp_path, "monkeypatch": monkeypatch}
    run = Run(settled_server, engine, settings, seed(engine), [], context)
    # Ada is known, with a zone: only a newcomer's first request asks Slack for one.
    with session_scope(engine) as session:
        ada = session.get(Person, run.world.ada)
        assert ada is not None
        ada.tz, ada.tz_fetched_at = "Europe/London", NOW
    flow.prepare(run)
    settled_server.settle()
    fake.inject(flow.method, fault, times=1, **FAULTS[fault](flow.timeout))  # type: ignore[arg-type]
    run.statuses.clear()
    before = len(fake.calls_to(flow.method))
    flow.act(run)
    settled_server.settle()
    # A slow call is recorded once the fake answers, after the client gave up on it.
    fake.wait_for(flow.method, count=before + 1, timeout=10)
    problems = [f"HTTP {s} from our entry" for s in run.statuses if s >= 500]
    problems += flow.check(run)
    violations = [v for v in fake.take_violations() if "trigger_id" not in v]
    problems += [f"Slack would reject: {v}" for v in violations]
    assert not problems, json.dumps(problems, indent=1)
