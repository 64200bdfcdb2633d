"""Files in blocks: an image block shows a `slack_file` only when it was uploaded and
completed here and not deleted; files.delete; the image block's own rules."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE
from tests.support.web_client import client, rejected


def _image(file_id: str, alt: str = "a chart") -> dict[str, Any]:
    return {"type": "image", "slack_file": {"id": file_id}, "alt_text": alt}


def _home(*blocks: dict[str, Any]) -> dict[str, Any]:
    return {"type": "home", "blocks": list(blocks)}


def _uploaded(fake: FakeSlack) -> str:
    # No channel: the file is the bot's alone, which is all an image block needs.
    response = client(fake).files_upload_v2(content=b"\x89PNG", filename="chart.png", title="c")
    return str(response["file"]["id"])


def test_an_uploaded_file_shows_in_a_home_view_and_a_message(fake_slack: FakeSlack) -> None:
    file_id = _uploaded(fake_slack)
    web = client(fake_slack)
    web.views_publish(user_id=EMPLOYEE, view=_home(_image(file_id)))
    web.chat_postMessage(channel=EMPLOYEE, text="chart", blocks=[_image(file_id)])
    assert fake_slack.uploads[file_id].get("channel") is None
    fake_slack.assert_no_violations()


def test_an_unknown_incomplete_or_deleted_file_is_refused(fake_slack: FakeSlack) -> None:
    web = client(fake_slack)
    pending = web.files_getUploadURLExternal(filename="c.png", length=4)["file_id"]
    deleted = _uploaded(fake_slack)
    web.files_delete(file=deleted)
    assert fake_slack.deleted_files == [deleted]
    for file_id in ("F0NOTAFILE1", pending, deleted):
        error, violations = rejected(
            fake_slack, "views.publish", user_id=EMPLOYEE, view=_home(_image(file_id))
        )
        assert error == "invalid_arguments"
        where = "views.publish: invalid_arguments: view.blocks[0].slack_file"
        assert violations == [f"{where}: invalid slack file {file_id!r}"]
    error, _ = rejected(
        fake_slack, "chat.postMessage", channel=EMPLOYEE, text="x", blocks=[_image("F0NOTAFILE1")]
    )
    assert error == "invalid_blocks"


@pytest.mark.parametrize(
    ("image", "problem"),
    [
        ({"type": "image", "alt_text": "x"}, "needs exactly one of image_url and slack_file"),
        (_image("F0001", "x"), "slack_file.id: must match"),
        (
            {"type": "image", "alt_text": "x", "slack_file": {"id": "F000000001", "url": "u"}},
            "needs exactly one of id and url",
        ),
        (_image("F000000001", "a" * 2001), "alt_text"),
    ],
)
def test_image_block_rules(fake_slack: FakeSlack, image: dict[str, Any], problem: str) -> None:
    error, violations = rejected(fake_slack, "views.publish", user_id=EMPLOYEE, view=_home(image))
    assert error == "invalid_arguments"
    assert any(problem in v for v in violations), violations


def test_deleting_a_file_twice_is_file_not_found(fake_slack: FakeSlack) -> None:
    file_id = _uploaded(fake_slack)
    client(fake_slack).files_delete(file=file_id)
    error, _ = rejected(fake_slack, "files.delete", file=file_id)
    assert error == "file_not_found"
