"""The baseline of `bench_requests` and `bench_memory`: a bare Bolt app doing what our
`/career-prep` does before and after its ack (ack, then `views.open`), and nothing else.

    gunicorn -w 2 -k gthread --threads 8 'bench.bare_bolt:wsgi()'    # HTTP mode
    python -m bench.bare_bolt                                        # Socket Mode

Both read SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL (and SLACK_APP_TOKEN for
Socket Mode) from the environment, as the bot does.
"""

from __future__ import annotations

import os
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

VIEW = {
    "type": "modal",
    "callback_id": "bare",
    "title": {"type": "plain_text", "text": "Prep"},
    "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Hello"}}],
}


def app(*, socket_mode: bool = False) -> App:
    client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    bolt = App(
        client=client,
        signing_secret=os.environ.get("SLACK_SIGNING_SECRET", ""),
        request_verification_enabled=not socket_mode,
        token_verification_enabled=False,
    )

    @bolt.command("/career-prep")
    def prep(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=VIEW)

    @bolt.event("app_home_opened")
    def home(event: dict[str, Any], client: WebClient) -> None:
        client.views_publish(user_id=event["user"], view={"type": "home", "blocks": []})

    return bolt


def wsgi() -> Any:
    from slack_bolt.adapter.wsgi import SlackRequestHandler

    return SlackRequestHandler(app())


def main() -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    SocketModeHandler(app(socket_mode=True), os.environ["SLACK_APP_TOKEN"]).start()  # type: ignore[no-untyped-call]


if __name__ == "__main__":
    main()
