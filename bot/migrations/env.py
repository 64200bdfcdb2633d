"""Alembic environment: runs on the connection `bot.schema` hands over."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import bot.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from bot.slack.installations import oauth_metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    # slack_sdk's OAuth store tables are ours to migrate too (0005), though not SQLModel models.
    target_metadata=[SQLModel.metadata, oauth_metadata()],
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
