"""tests/support/databases.py: the Postgres test database is emptied between tests, every table
of it (each SQLite test gets a fresh copy of the migrated file instead)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, insert, select

from bot.db import make_engine
from bot.slack.installations import oauth_metadata
from tests.support.databases import POSTGRES_URL, truncate_all


@pytest.mark.skipif(not POSTGRES_URL, reason="needs Postgres (TEST_DATABASE_URL; CI sets it)")
def test_truncating_empties_slack_sdks_oauth_tables_too(
    _migrated_templates: dict[str, str],
) -> None:
    url = _migrated_templates["postgres"]
    states = oauth_metadata().tables["slack_oauth_states"]
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(
                insert(states).values(state="left-over", expire_at=datetime.now(UTC))
            )
        truncate_all(url)
        with engine.connect() as connection:
            assert connection.execute(select(func.count()).select_from(states)).scalar_one() == 0
    finally:
        engine.dispose()
