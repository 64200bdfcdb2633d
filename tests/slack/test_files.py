"""Chart files in Slack: uploaded unshared, one try, None instead of an error; deleted, with
failures counted out rather than raised."""

from __future__ import annotations

from bot.config import Settings
from bot.slack.client import make_client
from bot.slack.files import delete_files, upload_png
from tests.support.fakeslack import FakeSlack


def test_an_upload_is_the_bots_own_file_and_its_id_is_returned(
    settings: Settings, fake_slack: FakeSlack
) -> None:
    file_id = upload_png(make_client(settings), b"\x89PNG", filename="c.png", title="Chart")
    assert file_id is not None
    upload = fake_slack.uploads[file_id]
    assert (upload["content"], upload["title"], upload.get("channel")) == (
        b"\x89PNG",
        "Chart",
        None,
    )


def test_a_refused_or_dropped_upload_is_none_and_tried_once(
    settings: Settings, fake_slack: FakeSlack
) -> None:
    client = make_client(settings)
    fake_slack.inject("files.completeUploadExternal", "error", error="ratelimited", times=1)
    assert upload_png(client, b"x", filename="c.png", title="c") is None
    fake_slack.inject("files.getUploadURLExternal", "drop", times=1)
    assert upload_png(client, b"x", filename="c.png", title="c") is None
    assert len(fake_slack.calls_to("files.getUploadURLExternal")) == 2  # no retry of its own
    fake_slack.take_violations()


def test_delete_counts_what_slack_deleted(settings: Settings, fake_slack: FakeSlack) -> None:
    client = make_client(settings)
    file_id = upload_png(client, b"x", filename="c.png", title="c")
    assert file_id is not None
    assert delete_files(client, [file_id, "F0NOTHERE01"]) == 1
    assert fake_slack.deleted_files == [file_id]
    fake_slack.take_violations()
