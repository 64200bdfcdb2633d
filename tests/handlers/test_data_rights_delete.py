"""`/career-prep delete` through signed HTTP: the confirm flow, and what is left afterwards."""

from __future__ import annotations

import json

from sqlalchemy import MetaData, insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.models import (
    ActionItem,
    Conversation,
    Delivery,
    Handover,
    Mentorship,
    Person,
    Prep,
    PrivateNote,
    SkillRating,
    Team,
)
from bot.shapes.privacy import FORMER_COLLEAGUE, tombstone
from tests.support import slack_requests
from tests.support.app_server import AppServer
from tests.support.chart_world import WAIT, images, warm_matplotlib
from tests.support.erase_flow import confirm_delete
from tests.support.fakeslack.blockkit import check_message_blocks
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER
from tests.support.fakeslack.server import RESPONSE_URL
from tests.support.privacy_record import (
    ADA_EMAIL,
    ADA_TYPED,
    EVE_PRIVATE,
    GRACE_PRIVATE,
    Seeded,
    ask_to_delete,
    delete_button,
    rows_naming,
    seed_record,
)
from tests.support.world import NOW, TEAM

INSTALLATIONS = "slack_installations"
ADA_USER_TOKEN = "xoxp-ada-user-token"


def _installation(engine: Engine) -> None:
    """Ada installed the app through OAuth: slack_sdk's install store (migration 0005) names her."""
    metadata = MetaData()
    metadata.reflect(engine, only=[INSTALLATIONS])
    table = metadata.tables[INSTALLATIONS]
    with engine.begin() as connection:
        connection.execute(
            insert(table).values(
                client_id="C1",
                app_id="A0APP00001",
                team_id=TEAM,
                bot_token="xoxb-workspace-bot-token",
                user_id=EMPLOYEE,
                user_token=ADA_USER_TOKEN,
                is_enterprise_install=False,
                installed_at=NOW.replace(tzinfo=None),
            )
        )


def test_delete_asks_first_with_a_danger_button_behind_a_confirm_dialog(
    app_server: AppServer, engine: Engine
) -> None:
    seeded = seed_record(engine)
    message = ask_to_delete(app_server)
    assert message["response_type"] == "ephemeral"
    assert check_message_blocks(message["blocks"]) == []
    text = json.dumps(message["blocks"])
    assert "2 preps, 1 goal, 1 skill" in text and "1 conversation where you were" in text
    assert "1 person reporting to you will have no manager" in text
    assert "1 team you lead will have no lead" in text
    button = delete_button(message)
    assert button["style"] == "danger" and button["value"] == str(seeded.ada)
    assert button["confirm"]["style"] == "danger"
    assert button["confirm"]["confirm"]["text"] == "Delete everything"
    with Session(engine) as session:
        assert session.get(Person, seeded.ada) is not None
        assert session.exec(select(Prep).where(col(Prep.person_id) == seeded.ada)).all()


def test_confirming_leaves_no_row_that_names_ada(app_server: AppServer, engine: Engine) -> None:
    seeded = seed_record(engine)
    _installation(engine)
    # Her App Home draws her skill chart: a picture of her ratings, in Slack and in chart_file.
    home = slack_requests.event_callback(
        slack_requests.app_home_opened(EMPLOYEE, team_id=TEAM), team_id=TEAM, event_id="Ev0HOME1"
    )  # Slack's event ids name nobody (home_world.open_home's do, for its own tests)
    warm_matplotlib()
    assert app_server.post(home)[0] == 200
    [published] = app_server.fake.wait_for("views.publish", timeout=WAIT)
    [chart] = images(published.args["view"])
    chart_file = chart["slack_file"]["id"]
    needles = [EMPLOYEE, ADA_EMAIL, ADA_USER_TOKEN, chart_file, *ADA_TYPED.values()]
    assert len(rows_naming(engine, needles)) > 10  # the sweep does see her before

    button = delete_button(ask_to_delete(app_server))
    confirm_delete(app_server, button["value"], EMPLOYEE)
    (answer,) = app_server.fake.wait_for(RESPONSE_URL)
    assert "Your career record is erased" in answer.args["text"]
    assert answer.args["replace_original"] is True

    assert rows_naming(engine, needles) == []
    assert app_server.fake.deleted_files == [chart_file]  # files.delete in Slack too
    _others_keep_their_record(engine, seeded)
    _installation_keeps_its_bot_token(engine)


def _others_keep_their_record(engine: Engine, seeded: Seeded) -> None:
    with Session(engine) as session:
        ada = session.get(Person, seeded.ada)
        assert ada is not None  # Eve's conversation still has Ada as its partner
        assert ada.slack_user_id == tombstone(seeded.ada)
        assert (ada.email, ada.tz_override, ada.manager_id, ada.is_admin) == (
            None,
            None,
            None,
            False,
        )
        assert ada.left_at is not None
        (mentoring,) = session.exec(select(Conversation)).all()
        assert mentoring.id == seeded.mentoring_conversation
        notes = session.exec(select(PrivateNote.body)).all()
        assert notes == [EVE_PRIVATE]  # Grace's note went with Ada's conversation
        assert GRACE_PRIVATE not in notes
        items = session.exec(select(ActionItem.body)).all()
        assert items == ["Eve reads"]
        assert session.exec(select(Mentorship)).all() == []
        assert session.exec(select(Handover)).all() == []
        ratings = session.exec(select(SkillRating)).all()
        assert ratings == []  # her skill's ratings and the one she gave Eve
        report = session.get(Person, seeded.report)
        assert report is not None and report.manager_id is None
        team = session.exec(select(Team)).one()
        assert team.lead_id is None
        eve_prep = session.exec(select(Prep)).one()
        assert eve_prep.person_id == seeded.eve and eve_prep.partner_id is None
        outbox = {
            (d.recipient, d.period_key): d.payload for d in session.exec(select(Delivery)).all()
        }
    # Nothing is owed to her any more, and reminders about her went even when sent (their
    # key would only mute reminders about whoever gets her id next); what was sent to others
    # stops naming her.
    assert f"{seeded.ada}:2026-W40" == "1:2026-W40"
    assert set(outbox) == {
        (MANAGER, f"{tombstone(seeded.ada)}:2026-11"),
        ("C0DIGEST01", "2026-W40"),
    }
    digest = outbox[("C0DIGEST01", "2026-W40")]["text"]
    assert digest == f"Coverage 3 of 4. Lapsed: {FORMER_COLLEAGUE} and <@{STRANGER}>"


def _installation_keeps_its_bot_token(engine: Engine) -> None:
    metadata = MetaData()
    metadata.reflect(engine, only=[INSTALLATIONS])
    table = metadata.tables[INSTALLATIONS]
    with engine.connect() as connection:
        (row,) = connection.execute(table.select()).mappings().all()
    assert row["bot_token"] == "xoxb-workspace-bot-token"
    assert row["user_token"] is None and str(row["user_id"]).startswith("deleted-")
