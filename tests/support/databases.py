"""Test databases: SQLite always, Postgres when TEST_DATABASE_URL is set (the `database` fixture
in tests/conftest.py gives each test a migrated, empty one of each kind)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import SQLModel

from bot.db import make_engine
from bot.slack.installations import oauth_metadata

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
DATABASES = ["sqlite", *(["postgres"] if POSTGRES_URL else [])]


@dataclass
class Database:
    """A migrated, empty database for one test, and how to make another blank one."""

    kind: str
    url: str
    engine: Engine


def _postgres_schema_url(schema: str) -> str:
    url = make_url(POSTGRES_URL)
    return url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False
    )


def blank_database_url(kind: str, tmp_path: Path) -> Iterator[str]:
    """A URL to a database with no tables at all, removed afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / f'blank-{uuid.uuid4().hex}.db'}"
        return
    schema = f"blank_{uuid.uuid4().hex[:12]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _postgres_schema_url(schema)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def truncate_all(url: str) -> None:
    """Every table a migrated database has, slack_sdk's OAuth stores included (rows an install
    test left there were seen by the next test on the same worker)."""
    engine = make_engine(url)
    every = [*SQLModel.metadata.sorted_tables, *oauth_metadata().sorted_tables]
    tables = ", ".join(f'"{t.name}"' for t in every)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
