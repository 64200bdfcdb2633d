"""`/career-prep admin` through signed HTTP and the fake Slack: what is saved, what is refused."""

import pytest
from slack_sdk.models.views import View
from sqlalchemy.engine import Engine

from bot.blocks.admin import admin_modal, refused_modal, saved_modal
from bot.blocks.ids import Admin as Ids
from bot.services.org.admin import AdminSettings
from tests.support.admin_modal import (
    DEFAULTS,
    GOOD,
    OWNER,
    admin_ids,
    open_admin,
    saved_settings,
    submit_form,
)
from tests.support.app_server import AppServer
from tests.support.fakeslack.blockkit import check_view
from tests.support.fakeslack.fixtures import STRANGER
from tests.support.world import ADMIN

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
    "away_words",
]


def test_a_slack_admin_sees_the_defaults_and_saves_every_setting(
    app_server: AppServer, engine: Engine, admins: None
) -> None:
    view = open_admin(app_server)
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
        "away_words": "vacation, vacationing, OOO, out of office, leave, holiday, holidays",
    }
    assert "Same start and end = no quiet hours" in inputs["quiet_end"]["hint"]["text"]
    assert "3 or more is recommended" in inputs["min_group_size"]["hint"]["text"]
    assert "Leave empty to keep everything" in inputs["retention_months"]["hint"]["text"]

    asked = len(app_server.fake.calls_to("users.info"))
    reply = submit_form(app_server, view, GOOD)

    # Asked of Slack again on submit (other features may ask too, for time zones).
    assert len(app_server.fake.calls_to("users.info")) > asked
    assert reply["response_action"] == "update"
    assert reply["view"]["callback_id"] == Ids.SAVED
    assert saved_settings(engine) == (30, 20, 7, 4, 15, 5, 2, 24)
    # STRANGER never used the bot: picking them as admin created their row.
    assert admin_ids(engine) == {STRANGER}

    reopened = open_admin(app_server)
    elements = {b["block_id"]: b["element"] for b in reopened["blocks"] if b["type"] == "input"}
    assert elements["cadence"]["initial_option"]["value"] == "monthly"
    assert elements["retention_months"]["initial_value"] == "24"
    assert elements["admins"]["initial_users"] == [STRANGER]


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
    view = open_admin(app_server)
    reply = submit_form(app_server, view, GOOD, forged=forged)
    assert reply["response_action"] == "errors"
    assert list(reply["errors"]) == [field]
    assert message in reply["errors"][field]
    assert saved_settings(engine) == DEFAULTS
    assert admin_ids(engine) == set()


def test_equal_quiet_hours_and_blank_retention_are_saved_as_none(
    app_server: AppServer, engine: Engine, admins: None
) -> None:
    submit_form(app_server, open_admin(app_server), GOOD)
    answers = {**GOOD, "quiet_start": "9", "quiet_end": "9", "retention_months": None}
    submit_form(app_server, open_admin(app_server), answers)
    assert saved_settings(engine)[1:3] == (9, 9)
    assert saved_settings(engine)[7] is None


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
