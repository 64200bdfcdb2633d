"""A signed request sent again (Slack retrying, or a captured one replayed within its five
minutes) changes data once: submissions are acted on once per view state, and racing saves of
the same new skill make one row, never a 5xx."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.blocks.ids import Lapse as LapseIds
from bot.models import Goal, Skill, SkillRating
from tests.support import slack_requests
from tests.support.answers import GOAL_ANSWERS as GOAL
from tests.support.answers import SKILL_ANSWERS as SKILL
from tests.support.app_server import AppServer
from tests.support.factories import report_to_manager
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER
from tests.support.rows import planned_day
from tests.support.slack_forms import state_values
from tests.support.slack_ui import click_schedule, open_by_command, opened, reminder_in_dm
from tests.support.world import TEAM

TODAY = datetime.now(UTC).date()
REPLAY_GRACE = 1.0  # seconds a replay's after-ack work gets to show up (it must not)


def _submission(view: dict[str, Any], answers: dict[str, Any], user: str = EMPLOYEE) -> bytes:
    """The body Slack sends when `view` is submitted with `answers`; posted again as is."""
    return slack_requests.view_submission(
        user_id=user,
        team_id=TEAM,
        callback_id=view["callback_id"],
        values=state_values(view, answers),
        private_metadata=view.get("private_metadata", ""),
        view_id=view["id"],
        blocks=view["blocks"],
    )


def _post(app_server: AppServer, body: bytes) -> dict[str, Any]:
    status, _, raw = app_server.post(body)  # signed afresh each time, as Slack's retry is
    assert status == 200, raw
    return json.loads(raw) if raw else {}


def _goals(engine: Engine) -> list[Goal]:
    with Session(engine) as session:
        return list(session.exec(select(Goal)))


def _ratings(engine: Engine) -> list[int]:
    with Session(engine) as session:
        return [r.rating for r in session.exec(select(SkillRating))]


def test_a_replayed_goal_submission_adds_one_goal(app_server: AppServer, engine: Engine) -> None:
    body = _submission(open_by_command(app_server, "goals"), GOAL)
    replies = [_post(app_server, body) for _ in range(3)]
    assert [g.title for g in _goals(engine)] == [GOAL["title"]]
    # Each answer is the list, as the first one was: a replay learns nothing, changes nothing.
    assert {r["response_action"] for r in replies} == {"update"}
    assert GOAL["title"] in json.dumps(replies[-1]["view"])


def test_a_goal_form_refused_on_a_field_still_saves_once_corrected(
    app_server: AppServer, engine: Engine
) -> None:
    form = open_by_command(app_server, "goals")
    refused = _post(app_server, _submission(form, {**GOAL, "title": None}))
    assert refused["response_action"] == "errors"
    # The same view and hash again, now valid: the refused one was not counted as acted on.
    assert _post(app_server, _submission(form, GOAL))["response_action"] == "update"
    assert len(_goals(engine)) == 1


def test_a_replayed_skill_submission_does_not_undo_a_later_rating(
    app_server: AppServer, engine: Engine
) -> None:
    form = open_by_command(app_server, "skills")
    first = _submission(form, {**SKILL, "rating": "4"})
    _post(app_server, first)
    # Rated again the same day in another modal (another view id, as Slack gives each).
    _post(app_server, _submission({**form, "id": "V0LATER0001"}, {**SKILL, "rating": "7"}))
    _post(app_server, first)  # the captured first request, sent again
    assert _ratings(engine) == [7]


def test_the_same_new_skill_saved_ten_times_at_once_is_one_skill(
    app_server: AppServer, engine: Engine
) -> None:
    form = open_by_command(app_server, "skills")
    # Ten modals submitted together (ten view ids: none of them is a replay of another).
    bodies = [_submission({**form, "id": f"V0RACE{n:05d}"}, SKILL) for n in range(10)]
    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(lambda b: app_server.post(b)[0], bodies))
    assert statuses == [200] * 10, f"{10 - statuses.count(200)} of 10 failed: {statuses}"
    with Session(engine) as session:
        assert [s.name for s in session.exec(select(Skill))] == [SKILL["name"]]
    assert _ratings(engine) == [int(SKILL["rating"])]


def test_a_replayed_schedule_sends_one_invite(app_server: AppServer, engine: Engine) -> None:
    ada = report_to_manager(engine)[EMPLOYEE]
    channel, ts = reminder_in_dm(app_server, engine, ada)
    fake = app_server.fake
    click_schedule(app_server, ada, MANAGER, channel, ts)
    call = fake.wait_for("views.open")[-1]
    view = opened(call.args["view"], call.response["view"])
    day = TODAY + timedelta(days=7)
    body = _submission(view, {"planned_on": day}, MANAGER)
    for _ in range(3):
        assert _post(app_server, body) == {}
    assert planned_day(engine, ada) == day
    fake.wait_for("files.completeUploadExternal")
    # A replay's listener would upload after its ack: nothing to wait on but a deadline.
    with pytest.raises(AssertionError):
        fake.wait_for("files.completeUploadExternal", count=2, timeout=REPLAY_GRACE)
    assert len(fake.calls_to("chat.update")) == 1
    assert view["callback_id"] == LapseIds.SCHEDULE_MODAL
