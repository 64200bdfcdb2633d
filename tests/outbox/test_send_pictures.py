"""A message whose chart Slack will not show (a file still processing, or deleted) goes
without the picture: nothing was posted the first time, so sending again is safe."""

from __future__ import annotations

from bot.config import Settings
from bot.outbox.send import Verdict, post
from bot.slack.client import outbox_client
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import EMPLOYEE

TEXT = {"type": "section", "text": {"type": "mrkdwn", "text": "3 of 7 covered"}}
PICTURE = {"type": "image", "slack_file": {"id": "F0GONE0001"}, "alt_text": "43%"}


def test_a_picture_slack_refuses_is_left_out_and_the_rest_is_sent(
    settings: Settings, fake_slack: FakeSlack
) -> None:
    payload = {"text": "Digest", "blocks": [TEXT, PICTURE, TEXT]}
    outcome = post(outbox_client(settings), payload, recipient=EMPLOYEE, delivery_id=1)
    assert outcome.verdict is Verdict.SENT
    refused, sent = fake_slack.calls_to("chat.postMessage")
    assert refused.response["error"] == "invalid_blocks"
    assert sent.args["blocks"] == [TEXT, TEXT]
    assert len(fake_slack.take_violations()) == 1


def test_other_refused_blocks_stay_refused(settings: Settings, fake_slack: FakeSlack) -> None:
    payload = {"text": "Digest", "blocks": [{"type": "nonsense"}]}
    outcome = post(outbox_client(settings), payload, recipient=EMPLOYEE, delivery_id=1)
    assert outcome.verdict is Verdict.DEAD
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
    fake_slack.take_violations()
