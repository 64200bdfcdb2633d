"""Sending messages. For now, sends made while handling a request; the outbox comes later."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient


def send_now(client: WebClient, *, channel: str, text: str, blocks: list[dict[str, Any]]) -> str:
    """Post a message (a user id as channel posts to the bot's DM with them); returns its ts."""
    reply = client.chat_postMessage(channel=channel, text=text, blocks=blocks, unfurl_links=False)
    return str(reply["ts"])


def update_now(
    client: WebClient, *, channel: str, ts: str, text: str, blocks: list[dict[str, Any]]
) -> None:
    client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
