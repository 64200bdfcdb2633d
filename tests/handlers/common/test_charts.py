"""The skill trend chart on the App Home, through signed HTTP and the fake Slack: uploaded
once per version, shown by its file id, and never a reason for the Home to fail."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy.engine import Engine

from bot.blocks.skills import trend_text
from bot.charts.drawing import WIDTH_PX
from bot.charts.skills import height_px
from bot.clock import Clock
from tests.support import slack_requests
from tests.support.app_server import AppServer
from tests.support.chart_world import (
    WAIT,
    chart_rows,
    images,
    pngs,
    rate_again,
    seed_skills,
    warm_matplotlib,
)
from tests.support.factories import person_id
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE
from tests.support.home_world import open_home, pinned_clock
from tests.support.web_client import client
from tests.support.world import TEAM

UPLOAD = "files.getUploadURLExternal"


@pytest.fixture
def app_clock(fake_slack: FakeSlack) -> Clock:
    warm_matplotlib()
    return pinned_clock(fake_slack)


def test_the_home_shows_the_chart_by_file_id_with_the_sparklines_as_alt_text(
    app_server: AppServer, engine: Engine
) -> None:
    seed_skills(engine)
    view = open_home(app_server, EMPLOYEE)
    [(file_id, picture)] = pngs(app_server.fake).items()
    assert (picture.format, picture.size) == ("PNG", (WIDTH_PX, height_px(2)))
    [image] = images(view)
    assert image["slack_file"] == {"id": file_id}
    assert trend_text([3, 5, 6]) in image["alt_text"]
    assert "Public <!here> speaking" in image["alt_text"]  # plain text: nothing pings
    assert "8 in 6 months" in image["alt_text"]
    text = json.dumps(view, ensure_ascii=False)
    assert f"`{trend_text([3, 5, 6])}`" in text  # the text lines stay under the picture
    assert app_server.fake.uploads[file_id].get("channel") is None  # shared nowhere
    assert chart_rows(engine) == [("skills", str(_ada(engine)), file_id)]


def test_a_second_open_reuses_the_file_and_a_new_rating_replaces_it(
    app_server: AppServer, engine: Engine
) -> None:
    ids = seed_skills(engine)
    first = images(open_home(app_server, EMPLOYEE, count=1))[0]["slack_file"]["id"]
    again = images(open_home(app_server, EMPLOYEE, count=2))[0]["slack_file"]["id"]
    assert (again, len(app_server.fake.calls_to(UPLOAD))) == (first, 1)

    rate_again(engine, ids["SQL"], 8)
    newer = images(open_home(app_server, EMPLOYEE, count=3))[0]["slack_file"]["id"]
    assert newer != first and len(app_server.fake.calls_to(UPLOAD)) == 2
    assert app_server.fake.deleted_files == [first]  # the old version's picture goes
    assert [row[2] for row in chart_rows(engine)] == [newer]


def test_a_failed_upload_leaves_the_text_and_the_next_open_tries_again(
    app_server: AppServer, engine: Engine
) -> None:
    seed_skills(engine)
    app_server.fake.inject("files.completeUploadExternal", "error", error="ratelimited", times=1)
    view = open_home(app_server, EMPLOYEE, count=1)
    assert images(view) == []
    assert f"`{trend_text([3, 5, 6])}`" in json.dumps(view, ensure_ascii=False)
    assert chart_rows(engine) == []
    assert len(images(open_home(app_server, EMPLOYEE, count=2))) == 1


def test_a_file_slack_will_not_show_falls_back_to_text(
    app_server: AppServer, engine: Engine
) -> None:
    seed_skills(engine)
    [image] = images(open_home(app_server, EMPLOYEE, count=1))
    # Gone behind our back (or still processing): Slack refuses the view that shows it.
    client(app_server.fake).files_delete(file=image["slack_file"]["id"])
    view = open_home(app_server, EMPLOYEE, count=3)  # the refused publish, then the text
    assert images(view) == [] and f"`{trend_text([7])}`" in json.dumps(view, ensure_ascii=False)
    [refused] = app_server.fake.take_violations()
    assert "invalid slack file" in refused


def test_homes_opened_at_once_upload_the_chart_once(app_server: AppServer, engine: Engine) -> None:
    seed_skills(engine)
    opens = 6

    def open_once(n: int) -> int:
        body = slack_requests.event_callback(
            slack_requests.app_home_opened(EMPLOYEE, team_id=TEAM),
            team_id=TEAM,
            event_id=f"EvBurst{n}",
        )
        return app_server.post(body)[0]

    with ThreadPoolExecutor(max_workers=opens) as pool:
        assert set(pool.map(open_once, range(opens))) == {200}
    app_server.fake.wait_for("views.publish", count=opens, timeout=WAIT)
    assert len(app_server.fake.calls_to(UPLOAD)) == 1
    assert len(pngs(app_server.fake)) == 1
    assert len(chart_rows(engine)) == 1


def _ada(engine: Engine) -> int:
    return person_id(engine, EMPLOYEE)
