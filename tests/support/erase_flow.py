"""`/career-prep delete`'s last step: the person confirms the erase by its button's value."""

from __future__ import annotations

from bot.blocks.ids import DataRights as Ids
from tests.support.app_server import AppServer
from tests.support.slack_ui import click


def confirm_delete(app_server: AppServer, value: str, user: str) -> None:
    click(app_server, Ids.DELETE_CONFIRM, value, user=user)
