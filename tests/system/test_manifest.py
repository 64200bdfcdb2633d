"""manifest.yml: valid for Slack, and in step with what the bot does."""

import json
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from bot.blocks.command_words import COMMAND, SUBCOMMANDS
from tests.support.slack_reference import REPO_ROOT, require_reference


def _manifest() -> dict[str, Any]:
    loaded = yaml.safe_load((REPO_ROOT / "manifest.yml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _schema(reference: Path) -> dict[str, Any]:
    path = reference / "manifest-schema" / "schemas" / "manifest.schema.1.0.0.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(schema, dict)
    return schema


def test_manifest_validates_against_slacks_schema_v1() -> None:
    jsonschema.validate(_manifest(), _schema(require_reference()))


def test_the_schema_check_can_fail() -> None:
    broken = _manifest()
    del broken["display_information"]["name"]
    validator = jsonschema.Draft7Validator(_schema(require_reference()))
    assert any("'name' is a required property" in e.message for e in validator.iter_errors(broken))


def test_the_command_app_home_and_socket_mode_are_declared() -> None:
    manifest = _manifest()
    (command,) = manifest["features"]["slash_commands"]
    assert command["command"] == COMMAND
    assert all(sub.word in command["usage_hint"] for sub in SUBCOMMANDS)
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert "app_home_opened" in manifest["settings"]["event_subscriptions"]["bot_events"]
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == {
        "commands",
        "chat:write",
        "im:write",
        "users:read",
        "users:read.email",
        "users.profile:read",
        "files:write",
        "im:history",
        "channels:history",
        "groups:history",
    }
