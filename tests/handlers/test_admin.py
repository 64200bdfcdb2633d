"""`/career-prep admin` through signed HTTP and the fake Slack: who may, what is saved."""

import json
import time
from typing import Any

import pytest
from slack_sdk.models.views import View
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.blocks.admin import admin_modal, refused_modal, saved_modal
from bot.blocks.ids import Admin as Ids
from bot.models import Person, Workspace
from bot.services.org.admin import AdminSettings
from tests.support import slack_requests
from tests.support.app_server import AppServer
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.blockkit import check_view
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER
from tests.support.slack_forms import state_values
from tests.support.world import ADMIN

TEAM = "T0TEST0001"
OWNER = "U0OWNER0001"
FIELDS = [
    "cadence",
    "quiet_start",
    "quiet_end",
    "digest_weekday",
    "digest_hour",
    "min_group_size",
    "weekly_nudge_cap",
    "retention_months",
    "admins",
]
GOOD = {
    "cadence": "monthly",
    "quiet_start": "20",
    "quiet_end": "7",
    "digest_weekday": "4",
    "digest_hour": "15",
    "min_group_size": "5",
    "weekly_nudge_cap": "2",
    "retention_months": "24",
    "admins": [STRANGER],
}


@pytest.fixture
def admins(fake_slack: FakeSlack) -> None:
    fake_slack.add_user(ADMIN, email="root@example.com", name="root", is_admin=True)
    fake_slack.add_user(OWNER, email="owner@example.com", name="owner", is_owner=True)


def _command(app_server: AppServer, user_id: str) -> dict[str, Any] | None:
    """Run `/career-prep admin` as `user_id`: the modal it opened, or None."""
    fake = app_server.fake
    opened = len(fake.calls_to("views.open"))
    answered = len(fake.calls_to("response_url"))
    body = slack_requests.slash_command(
        "admin", user_id=user_id, team_id=TEAM, trigger_id=fake.issue_trigger_id()
    )
    status, _, _ = app_server.post(body)
    assert status == 200
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if len(fake.calls_to("views.open")) > opened:
            view: dict[str, Any] = fake.calls_to("views.open")[-1].args["view"]
            return view
        if len(fake.calls_to("response_url")) > answered:
            return None
        time.sleep(0.01)
    raise AssertionError("the command neither opened a modal nor answered")


def _open(app_server: AppServer, user_id: str = ADMIN) -> dict[str, Any]:
    view = _command(app_server, user_id)
    assert view is not None, "the admin modal did not open"
    return view


def _submit(
    app_server: AppServer,
    view: dict[str, Any],
    answers: dict[str, Any],
    *,
    user_id: str = ADMIN,
    forged: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Submit `view` filled with `answers`; `forged` sets raw values no option offers."""
    values = state_values(view, answers)
    for name, raw in (forged or {}).items():
        kind = values[name][name]["type"]
        if kind == "static_select":
            values[name][name]["selected_option"] = {
                "text": {"type": "plain_text", "text": raw},
                "value": raw,
            }
        elif kind == "multi_users_select":
            values[name][name]["selected_users"] = [raw]
        else:
            values[name][name]["value"] = raw
    body = slack_requests.view_submission(
        user_id=user_id,
        team_id=TEAM,
        callback_id=view["callback_id"],
        values=values,
        blocks=view["blocks"],
    )
    status, _, raw_reply = app_server.post(body)
    assert status == 200, raw_reply
    return json.loads(raw_reply) if raw_reply else {}


def _workspace(engine: Engine) -> Workspace:
    with Session(engine) as session:
        return session.exec(select(Workspace).where(Workspace.slack_team_id == TEAM)).one()


def _settings(engine: Engine) -> tuple[Any, ...]:
    w = _workspace(engine)
    return (
        w.default_cadence_days,
        w.quiet_hours_start,
        w.quiet_hours_end,
        w.digest_weekday,
        w.digest_hour,
        w.min_group_size,
        w.weekly_nudge_cap,
        w.retention_months,
    )


def _admin_ids(engine: Engine) -> set[str]:
    with Session(engine) as session:
        people = session.exec(select(Person).where(Person.is_admin == True)).all()  # noqa: E712
        return {p.slack_user_id for p in people}


DEFAULTS = (90, 18, 9, 0, 9, 3, 3, None)


def test_a_slack_admin_sees_the_defaults_and_saves_every_setting(
    app_server: AppServer, engine: Engine, admins: None
) -> None:
    view = _open(app_server)
    assert view["callback_id"] == Ids.MODAL
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert list(inputs) == FIELDS
    initial = {
        name: (b["element"].get("initial_option") or {}).get("value")
        or b["element"].get("initial_value")
        for name, b in inputs.items()
    }
    assert initial == {
        "cadence": "quarterly",
        "quiet_start": "18",
        "quiet_end": "9",
        "digest_weekday": "0",
        "digest_hour": "9",
        "min_group_size": "3",
        "weekly_nudge_cap": "3",
        "retention_months": None,
        "admins": None,
    }
    assert "Same start and end = no quiet hours" in inputs["quiet_end"]["hint"]["text"]
    assert "3 or more is recommended" in inputs["min_group_size"]["hint"]["text"]
    assert "Leave empty to keep everything" in inputs["retention_months"]["hint"]["text"]

    asked = len(app_server.fake.calls_to("users.info"))
    reply = _submit(app_server, view, GOOD)

    # Asked of Slack again on submit (other features may ask too, for time zones).
    assert len(app_server.fake.calls_to("users.info")) > asked
    assert reply["response_action"] == "update"
    assert reply["view"]["callback_id"] == Ids.SAVED
    assert _settings(engine) == (30, 20, 7, 4, 15, 5, 2, 24)
    # STRANGER never used the bot: picking them as admin created their row.
    assert _admin_ids(engine) == {STRANGER}

    reopened = _open(app_server)
    elements = {b["block_id"]: b["element"] for b in reopened["blocks"] if b["type"] == "input"}
    assert elements["cadence"]["initial_option"]["value"] == "monthly"
    assert elements["retention_months"]["initial_value"] == "24"
    assert elements["admins"]["initial_users"] == [STRANGER]


def test_a_workspace_owner_may_administer_too(
    app_server: AppServer, engine: Engine, admins: None
) -> None:
    view = _open(app_server, OWNER)
    _submit(app_server, view, {**GOOD, "admins": []}, user_id=OWNER)
    assert _settings(engine)[0] == 30


def test_someone_on_the_admin_list_may_administer_and_can_be_removed_from_it(
    app_server: AppServer, engine: Engine, admins: None
) -> None:
    _submit(app_server, _open(app_server), GOOD)  # the Slack admin makes STRANGER an admin
    view = _open(app_server, STRANGER)
    reply = _submit(
        app_server, view, {**GOOD, "cadence": "yearly", "admins": [MANAGER]}, user_id=STRANGER
    )
    assert reply["view"]["callback_id"] == Ids.SAVED
    assert _settings(engine)[0] == 365
    assert _admin_ids(engine) == {MANAGER}
    assert _command(app_server, STRANGER) is None  # no longer on the list


def test_a_non_admin_is_told_who_can_and_no_modal_opens(
    app_server: AppServer, engine: Engine
) -> None:
    assert _command(app_server, EMPLOYEE) is None
    (answer,) = app_server.fake.calls_to("response_url")
    assert "Only workspace admins can change the workspace settings" in answer.args["text"]
    assert answer.args["response_type"] == "ephemeral"
    assert app_server.fake.calls_to("views.open") == []


def test_a_forged_submission_from_a_non_admin_changes_nothing(
    app_server: AppServer, engine: Engine, admins: None
) -> None:
    view = _open(app_server)  # a real admin's modal, replayed by an employee
    reply = _submit(app_server, view, {**GOOD, "admins": [EMPLOYEE]}, user_id=EMPLOYEE)
    assert reply["response_action"] == "update"
    assert reply["view"]["callback_id"] == Ids.REFUSED
    assert "Only workspace admins" in json.dumps(reply["view"])
    assert _settings(engine) == DEFAULTS
    assert _admin_ids(engine) == set()


def test_an_admin_demoted_in_slack_after_opening_cannot_save(
    app_server: AppServer, engine: Engine, admins: None
) -> None:
    view = _open(app_server)
    app_server.fake.add_user(ADMIN, email="root@example.com", name="root", is_admin=False)
    reply = _submit(app_server, view, GOOD)
    assert reply["view"]["callback_id"] == Ids.REFUSED
    assert _settings(engine) == DEFAULTS


@pytest.mark.parametrize(
    ("forged", "field", "message"),
    [
        ({"min_group_size": "0"}, "min_group_size", "from 1 to 50"),
        ({"weekly_nudge_cap": "0"}, "weekly_nudge_cap", "from 1 to 20"),
        ({"weekly_nudge_cap": "2.5"}, "weekly_nudge_cap", "whole number"),
        ({"retention_months": "-3"}, "retention_months", "or leave it empty"),
        ({"quiet_start": "24"}, "quiet_start", "from 00:00 to 23:00"),
        ({"digest_weekday": "7"}, "digest_weekday", "Pick the day"),
        ({"cadence": "hourly"}, "cadence", "Pick how often"),
    ],
)
def test_bad_values_are_refused_on_their_field_and_nothing_is_saved(
    app_server: AppServer,
    engine: Engine,
    admins: None,
    forged: dict[str, str],
    field: str,
    message: str,
) -> None:
    view = _open(app_server)
    reply = _submit(app_server, view, GOOD, forged=forged)
    assert reply["response_action"] == "errors"
    assert list(reply["errors"]) == [field]
    assert message in reply["errors"][field]
    assert _settings(engine) == DEFAULTS
    assert _admin_ids(engine) == set()


def test_equal_quiet_hours_and_blank_retention_are_saved_as_none(
    app_server: AppServer, engine: Engine, admins: None
) -> None:
    _submit(app_server, _open(app_server), GOOD)
    answers = {**GOOD, "quiet_start": "9", "quiet_end": "9", "retention_months": None}
    _submit(app_server, _open(app_server), answers)
    assert _settings(engine)[1:3] == (9, 9)
    assert _settings(engine)[7] is None


def test_every_admin_view_passes_slacks_rules() -> None:
    full = AdminSettings(
        cadence="yearly",
        quiet_start="23",
        quiet_end="0",
        digest_weekday="6",
        digest_hour="23",
        min_group_size="50",
        weekly_nudge_cap="20",
        retention_months="240",
        admin_user_ids=[ADMIN, OWNER],
    )
    for view in (admin_modal(full), saved_modal(), refused_modal()):
        assert check_view(view) == []
        assert View(**view).to_dict()["type"] == "modal"
