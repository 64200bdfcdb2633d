"""Schema migrations with Alembic: upgrade, and the start-up check for an old schema."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

UPGRADE_HINT = "run `career-bot db upgrade` first"


class SchemaOutOfDate(Exception):
    """The database is behind the code (or ahead of it); the message says what to run."""


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", "bot:migrations")
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None, "bot/migrations has no revisions"
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring the schema to the newest revision; safe to run any number of times."""
    before = current_revision(engine)
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return before, head_revision()


def check_current(engine: Engine) -> None:
    """Raise SchemaOutOfDate unless the database is at the code's newest revision."""
    current, head = current_revision(engine), head_revision()
    if current == head:
        return
    if current is None:
        raise SchemaOutOfDate(f"The database has no tables yet: {UPGRADE_HINT}.")
    known = {rev.revision for rev in ScriptDirectory.from_config(_config()).walk_revisions()}
    if current not in known:
        raise SchemaOutOfDate(
            f"The database schema ({current}) is newer than this version of career-bot "
            f"knows ({head}): upgrade career-bot before starting it."
        )
    raise SchemaOutOfDate(
        f"The database schema is out of date ({current}, newest is {head}): {UPGRADE_HINT}."
    )
