"""`/career-prep admin` through signed HTTP and the fake Slack: who may administer, and who not."""

import json

from sqlalchemy.engine import Engine

from bot.blocks.ids import Admin as Ids
from tests.support.admin_modal import (
    DEFAULTS,
    GOOD,
    OWNER,
    admin_ids,
    open_admin,
    run_admin_command,
    saved_settings,
    submit_form,
)
from tests.support.app_server import AppServer
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER
from tests.support.world import ADMIN


def test_a_workspace_owner_may_administer_too(
    app_server: AppServer, engine: Engine, admins: None
) -> None:
    view = open_admin(app_server, OWNER)
    submit_form(app_server, view, {**GOOD, "admins": []}, user_id=OWNER)
    assert saved_settings(engine)[0] == 30


def test_someone_on_the_admin_list_may_administer_and_can_be_removed_from_it(
    app_server: AppServer, engine: Engine, admins: None
) -> None:
    submit_form(app_server, open_admin(app_server), GOOD)  # the Slack admin makes STRANGER an admin
    view = open_admin(app_server, STRANGER)
    reply = submit_form(
        app_server, view, {**GOOD, "cadence": "yearly", "admins": [MANAGER]}, user_id=STRANGER
    )
    assert reply["view"]["callback_id"] == Ids.SAVED
    assert saved_settings(engine)[0] == 365
    assert admin_ids(engine) == {MANAGER}
    assert run_admin_command(app_server, STRANGER) is None  # no longer on the list


def test_a_non_admin_is_told_who_can_and_no_modal_opens(
    app_server: AppServer, engine: Engine
) -> None:
    assert run_admin_command(app_server, EMPLOYEE) is None
    (answer,) = app_server.fake.calls_to("response_url")
    assert "Only workspace admins can change the workspace settings" in answer.args["text"]
    assert answer.args["response_type"] == "ephemeral"
    assert app_server.fake.calls_to("views.open") == []


def test_a_forged_submission_from_a_non_admin_changes_nothing(
    app_server: AppServer, engine: Engine, admins: None
) -> None:
    view = open_admin(app_server)  # a real admin's modal, replayed by an employee
    reply = submit_form(app_server, view, {**GOOD, "admins": [EMPLOYEE]}, user_id=EMPLOYEE)
    assert reply["response_action"] == "update"
    assert reply["view"]["callback_id"] == Ids.REFUSED
    assert "Only workspace admins" in json.dumps(reply["view"])
    assert saved_settings(engine) == DEFAULTS
    assert admin_ids(engine) == set()


def test_an_admin_demoted_in_slack_after_opening_cannot_save(
    app_server: AppServer, engine: Engine, admins: None
) -> None:
    view = open_admin(app_server)
    app_server.fake.add_user(ADMIN, email="root@example.com", name="root", is_admin=False)
    reply = submit_form(app_server, view, GOOD)
    assert reply["view"]["callback_id"] == Ids.REFUSED
    assert saved_settings(engine) == DEFAULTS
