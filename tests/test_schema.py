"""Migrations on both databases: from empty, idempotent, matching the models."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, inspect
from sqlmodel import SQLModel

from bot.db import make_engine
from bot.schema import SchemaOutOfDate, check_current, current_revision, head_revision, upgrade
from bot.slack.installations import oauth_metadata


def test_upgrade_builds_every_table_and_is_idempotent(blank_url: str) -> None:
    engine = make_engine(blank_url)
    try:
        with pytest.raises(SchemaOutOfDate, match="career-bot db upgrade"):
            check_current(engine)
        assert upgrade(engine) == (None, head_revision())
        assert upgrade(engine) == (head_revision(), head_revision())
        check_current(engine)
        tables = set(inspect(engine).get_table_names())
        assert {t.name for t in _all_tables().sorted_tables} <= tables
    finally:
        engine.dispose()


def test_migrations_match_the_models(blank_url: str) -> None:
    engine = make_engine(blank_url)
    try:
        upgrade(engine)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, _all_tables()) == []
    finally:
        engine.dispose()


def _all_tables() -> MetaData:
    """Our models plus the tables of slack_sdk's OAuth stores, which our migrations create."""
    combined = MetaData()
    for metadata in (SQLModel.metadata, oauth_metadata()):
        for table in metadata.tables.values():
            table.to_metadata(combined)
    return combined


def test_a_database_from_a_newer_release_is_refused(blank_url: str) -> None:
    engine = make_engine(blank_url)
    try:
        upgrade(engine)
        with engine.begin() as connection:
            connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'future9'")
        assert current_revision(engine) == "future9"
        with pytest.raises(SchemaOutOfDate, match="newer than this version"):
            check_current(engine)
    finally:
        engine.dispose()
