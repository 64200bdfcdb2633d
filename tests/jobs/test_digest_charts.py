"""The digest's coverage chart: the team's last 12 weeks as shares only, uploaded once per
version, shown in the channel's digest, and never a reason for the digest not to go."""

from __future__ import annotations

import io
import json
from dataclasses import replace

from PIL import Image
from sqlalchemy.engine import Engine
from sqlmodel import delete

from bot.charts.coverage import HEIGHT_PX
from bot.charts.drawing import WIDTH_PX
from bot.config import Settings
from bot.db import session_scope
from bot.models import Delivery
from tests.support.chart_world import chart_rows, images
from tests.support.digest_org import CHANNEL, NOW, add_member, make_org, run_job
from tests.support.digest_team import NINE_NEW_YORK, digest_rows, realistic_org
from tests.support.fakeslack import FakeSlack

UPLOAD = "files.getUploadURLExternal"


def _image(engine: Engine) -> dict[str, object] | None:
    (row,) = digest_rows(engine)
    found = images(row.payload)
    return found[0] if found else None


def test_the_digest_shows_the_coverage_chart_with_shares_only(
    engine: Engine, settings: Settings, fake_slack: FakeSlack
) -> None:
    org = realistic_org(engine)
    fake_slack.add_channel(CHANNEL)
    run_job("digests", engine, settings, NOW)
    image = _image(engine)
    assert image is not None
    file_id = image["slack_file"]["id"]  # type: ignore[index]
    picture = Image.open(io.BytesIO(fake_slack.uploads[file_id]["content"]))
    assert (picture.format, picture.size) == ("PNG", (WIDTH_PX, HEIGHT_PX))
    alt = str(image["alt_text"])
    assert alt.endswith("50% → 43%.")  # a week ago 3 of 6, now 3 of 7: shares of the team
    assert not any(user in alt for user in org.members) and "<@" not in alt
    assert chart_rows(engine) == [("coverage", str(org.team_id), file_id)]

    run_job("deliver", engine, settings, NINE_NEW_YORK)
    (posted,) = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == CHANNEL]
    assert images(posted.args)[0]["slack_file"] == {"id": file_id}
    fake_slack.assert_no_violations()


def test_planning_again_reuses_the_picture(
    engine: Engine, settings: Settings, fake_slack: FakeSlack
) -> None:
    realistic_org(engine)
    run_job("digests", engine, settings, NOW)
    with session_scope(engine) as session:
        session.execute(delete(Delivery))
    run_job("digests", engine, settings, NOW)
    assert _image(engine) is not None
    assert len(fake_slack.calls_to(UPLOAD)) == 1


def test_a_failed_upload_or_charts_off_leaves_the_digest_as_text(
    engine: Engine, settings: Settings, fake_slack: FakeSlack
) -> None:
    realistic_org(engine)
    fake_slack.inject(UPLOAD, "error", error="not_allowed_token_type", times=1)
    assert run_job("digests", engine, settings, NOW)["owed"] == 1
    assert _image(engine) is None and chart_rows(engine) == []
    text = json.dumps(digest_rows(engine)[0].payload)
    assert "3 of 7" in text or "43%" in text

    with session_scope(engine) as session:
        session.execute(delete(Delivery))
    run_job("digests", engine, replace(settings, charts=False), NOW)
    assert _image(engine) is None and len(fake_slack.calls_to(UPLOAD)) == 1


def test_a_team_below_the_minimum_group_size_gets_no_chart(
    engine: Engine, settings: Settings, fake_slack: FakeSlack
) -> None:
    org = make_org(engine, joined=NOW)
    add_member(engine, org, "U0MEMBERA", joined=NOW)
    run_job("digests", engine, settings, NOW)
    assert _image(engine) is None
    assert fake_slack.calls_to(UPLOAD) == [] and chart_rows(engine) == []
