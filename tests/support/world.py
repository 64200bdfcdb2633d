"""The workspace the HTTP tests run in, its admin, and the moment this test run started."""

from __future__ import annotations

from datetime import UTC, datetime

TEAM = "T0TEST0001"
ADMIN = "U0ADMIN0001"
NOW = datetime.now(UTC)
TODAY = NOW.date()
