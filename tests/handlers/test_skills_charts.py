"""The skill trend chart in the skills modal: shown at once when already uploaded, added by
views.update after the upload when not (a trigger id lasts three seconds), and renewed after
a new rating without uploading the same version twice."""

from __future__ import annotations

import json

import pytest
from sqlalchemy.engine import Engine

from bot.blocks.ids import Skills as Ids
from bot.blocks.skills import trend_text
from bot.clock import Clock
from tests.support.answers import SKILL_ANSWERS
from tests.support.app_server import AppServer
from tests.support.chart_world import WAIT, images, seed_skills, warm_matplotlib
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.blockkit import check_view
from tests.support.home_world import pinned_clock
from tests.support.slack_ui import click, eventually, open_by_command, opened, submit

UPLOAD = "files.getUploadURLExternal"


@pytest.fixture
def app_clock(fake_slack: FakeSlack) -> Clock:
    warm_matplotlib()
    return pinned_clock(fake_slack)


def test_the_modal_opens_as_text_then_shows_the_chart_once_uploaded(
    app_server: AppServer, engine: Engine
) -> None:
    seed_skills(engine)
    fake = app_server.fake
    listing = open_by_command(app_server, "skills")
    assert images(listing) == []
    update = fake.wait_for("views.update", timeout=WAIT)[-1].args
    assert update["view_id"] == listing["id"]
    assert check_view(update["view"]) == []
    [image] = images(update["view"])
    assert image["slack_file"]["id"] in fake.uploads
    assert trend_text([3, 5, 6]) in image["alt_text"]

    again = open_by_command(app_server, "skills")
    assert images(again) == [image]  # from the cache, in the views.open itself
    assert len(fake.calls_to(UPLOAD)) == 1 and len(fake.calls_to("views.update")) == 1


def test_a_new_rating_from_the_modal_shows_the_new_chart_uploaded_once(
    app_server: AppServer, engine: Engine
) -> None:
    ids = seed_skills(engine)
    fake = app_server.fake
    open_by_command(app_server, "skills")
    first = images(fake.wait_for("views.update", timeout=WAIT)[-1].args["view"])[0]
    listing = open_by_command(app_server, "skills")
    click(app_server, Ids.EDIT, str(ids["Public <!here> speaking"]), view=listing)
    call = fake.wait_for("views.push")[-1]
    form = opened(call.args["view"], call.response["view"])
    assert submit(app_server, form, {**SKILL_ANSWERS, "rating": "9"}) == {}

    def renewed() -> bool:
        shown = [
            images(c.args["view"])
            for c in fake.calls_to("views.update")
            if c.args["view_id"] == listing["id"]
        ]
        return bool(shown) and bool(shown[-1]) and shown[-1] != [first]

    eventually(renewed, timeout=WAIT)
    home = fake.wait_for("views.publish")[-1].args["view"]
    latest = [c for c in fake.calls_to("views.update") if c.args["view_id"] == listing["id"]]
    assert images(home) == images(latest[-1].args["view"])
    assert len(fake.calls_to(UPLOAD)) == 2  # the first version, then the new one: once each
    # Renamed by the form, rated 9 today in place of today's 6.
    assert "Facilitation: " + trend_text([3, 5, 9]) in images(home)[0]["alt_text"]
    assert "`" + trend_text([3, 5, 9]) + "`" in json.dumps(home, ensure_ascii=False)
