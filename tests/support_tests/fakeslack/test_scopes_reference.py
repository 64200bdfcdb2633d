"""The fake's scopes per method (scopes.NEEDED) against Slack's reference material.

Needs ../shared/slack-reference (skips without it, fails in CI without it).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.fakeslack.scopes import NEEDED
from tests.support.slack_reference import require_reference

# files v2 came after the OpenAPI spec stopped (Oct 2020) and the scrape has no file for them:
# their scope is from docs.slack.dev/reference/methods/files.getUploadURLExternal and
# files.completeUploadExternal ("Bot token: files:write").
UNDOCUMENTED_HERE = {"files.getUploadURLExternal", "files.completeUploadExternal"}


def load(path: Path) -> Any:
    with path.open(encoding="utf-8") as f:
        return json.load(f)


def _from_openapi(ref: Path, name: str) -> set[str] | None:
    path = load(ref / "web-api" / "slack_web_openapi_v2.json")["paths"].get(f"/{name}")
    if path is None:
        return None
    (operation,) = path.values()
    scopes = {s for entry in operation.get("security") or [] for s in entry.get("slackAuth", [])}
    # The spec is stale: classic chat:write:bot/:user are today's chat:write; "none" is none.
    return {s.removesuffix(":bot").removesuffix(":user") for s in scopes} - {"none"}


@pytest.fixture
def ref() -> Path:
    return require_reference()


@pytest.mark.parametrize("name", sorted(set(NEEDED) - UNDOCUMENTED_HERE))
def test_scopes_match_slacks_reference(ref: Path, name: str) -> None:
    doc = ref / "slack-api-ref" / "docs.slack.dev-methods" / f"{name}.json"
    if doc.exists():
        facts = load(doc)
        documented = set() if facts.get("no_scope_required") else set(facts["scope"]["bot"])
    else:
        found = _from_openapi(ref, name)
        assert found is not None, f"{name}: in neither the scrape nor the OpenAPI spec"
        documented = found
    assert set(NEEDED[name]) == documented


@pytest.mark.parametrize("name", sorted(UNDOCUMENTED_HERE))
def test_methods_without_reference_scopes_are_really_missing(ref: Path, name: str) -> None:
    # When the reference gains them, move them into the checked set above.
    assert not (ref / "slack-api-ref" / "docs.slack.dev-methods" / f"{name}.json").exists()
    assert _from_openapi(ref, name) is None
