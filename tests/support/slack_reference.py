"""Where Slack's own reference material lives, and how tests that need it behave without it.

The folder sits beside the repository (`../shared/slack-reference`) on developers' machines
and in CI; a user's clone has no such folder. Tests that read it skip with a clear reason
there, and fail instead of skipping when `CI` is set.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def reference_dir() -> Path | None:
    """The slack-reference folder, or None when this checkout has none beside it."""
    override = os.environ.get("SLACK_REFERENCE_DIR")
    candidate = Path(override) if override else REPO_ROOT.parent / "shared" / "slack-reference"
    return candidate if candidate.is_dir() else None


def require_reference() -> Path:
    """The slack-reference folder; skips the test without it, or fails it in CI."""
    found = reference_dir()
    if found is not None:
        return found
    reason = (
        "Slack's reference material is not beside this checkout (../shared/slack-reference); "
        "set SLACK_REFERENCE_DIR to run this conformance test"
    )
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {reason}")
    pytest.skip(reason)
