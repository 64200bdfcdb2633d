"""manifest.yml (Socket Mode) and manifest.http.yml (HTTP mode): valid for Slack, minimal, and
in step with what the bot does."""

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from bot.blocks.command_words import COMMAND, SUBCOMMANDS
from bot.config import Settings
from bot.slack.oauth import INSTALL_PATH, REDIRECT_PATH
from bot.slack.scopes import BOT_SCOPES, HISTORY_SCOPES, PROFILE_SCOPES, install_scopes
from tests.support.slack_reference import REPO_ROOT, require_reference

MANIFESTS = ("manifest.yml", "manifest.http.yml")
EVENTS_URL = "https://YOUR-HOST/slack/events"


def _manifest(name: str) -> dict[str, Any]:
    loaded = yaml.safe_load((REPO_ROOT / name).read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _schema(reference: Path) -> dict[str, Any]:
    path = reference / "manifest-schema" / "schemas" / "manifest.schema.1.0.0.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(schema, dict)
    return schema


@pytest.mark.parametrize("name", MANIFESTS)
def test_manifest_validates_against_slacks_schema_v1(name: str) -> None:
    jsonschema.validate(_manifest(name), _schema(require_reference()))


def test_the_schema_check_can_fail() -> None:
    broken = _manifest("manifest.http.yml")
    del broken["display_information"]["name"]
    broken["settings"]["event_subscriptions"]["request_url"] = "YOUR-HOST/slack/events"
    validator = jsonschema.Draft7Validator(_schema(require_reference()))
    messages = [e.message for e in validator.iter_errors(broken)]
    assert any("'name' is a required property" in m for m in messages)
    assert any("does not match '^https?:\\\\/\\\\/'" in m for m in messages)


@pytest.mark.parametrize("name", MANIFESTS)
def test_the_command_app_home_and_events_are_declared(name: str) -> None:
    manifest = _manifest(name)
    (command,) = manifest["features"]["slash_commands"]
    assert command["command"] == COMMAND
    assert all(sub.word in command["usage_hint"] for sub in SUBCOMMANDS)
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) == {
        "app_home_opened",
        "app_uninstalled",
        "tokens_revoked",
        "user_change",
    }


@pytest.mark.parametrize("name", MANIFESTS)
def test_the_manifests_ask_for_the_default_features_scopes_only(name: str) -> None:
    scopes = _manifest(name)["oauth_config"]["scopes"]
    assert set(scopes) == {"bot"}  # no user scopes, no optional ones
    assert scopes["bot"] == list(BOT_SCOPES)
    assert not {*HISTORY_SCOPES, *PROFILE_SCOPES} & set(scopes["bot"])


@pytest.mark.parametrize("name", MANIFESTS)
def test_the_optional_scopes_are_shown_commented_out_with_their_feature(name: str) -> None:
    lines = (REPO_ROOT / name).read_text(encoding="utf-8").splitlines()
    profile = next(line for line in lines if "- users.profile:read" in line)
    assert profile.lstrip().startswith("#") and "SLACK_MANAGER_PROFILE_FIELD" in profile
    text = "\n".join(lines)
    assert "SLACK_HISTORY_CHECK" in text
    for scope in HISTORY_SCOPES:
        (line,) = [line for line in lines if f"- {scope}" in line]
        assert line.lstrip().startswith("#")


def test_socket_mode_needs_no_public_url() -> None:
    manifest = _manifest("manifest.yml")
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert "redirect_urls" not in manifest["oauth_config"]
    assert "YOUR-HOST" not in (REPO_ROOT / "manifest.yml").read_text(encoding="utf-8")
    assert "url" not in manifest["features"]["slash_commands"][0]
    assert "request_url" not in manifest["settings"]["event_subscriptions"]
    assert "request_url" not in manifest["settings"]["interactivity"]


def test_http_mode_names_the_request_urls_and_the_oauth_redirect() -> None:
    manifest = _manifest("manifest.http.yml")
    assert manifest["settings"]["socket_mode_enabled"] is False
    assert manifest["features"]["slash_commands"][0]["url"] == EVENTS_URL
    assert manifest["settings"]["event_subscriptions"]["request_url"] == EVENTS_URL
    assert manifest["settings"]["interactivity"]["request_url"] == EVENTS_URL
    assert manifest["oauth_config"]["redirect_urls"] == [f"https://YOUR-HOST{REDIRECT_PATH}"]
    assert INSTALL_PATH == "/slack/install"


def test_the_two_manifests_differ_only_in_how_slack_reaches_the_bot() -> None:
    socket, http = _manifest("manifest.yml"), _manifest("manifest.http.yml")
    del http["features"]["slash_commands"][0]["url"]
    del http["settings"]["event_subscriptions"]["request_url"]
    del http["settings"]["interactivity"]["request_url"]
    del http["oauth_config"]["redirect_urls"]
    http["settings"]["socket_mode_enabled"] = True
    # OAuth, so HTTP only: org-wide installs on Enterprise Grid, and rotating tokens.
    assert (http["settings"]["org_deploy_enabled"], socket["settings"]["org_deploy_enabled"]) == (
        True,
        False,
    )
    assert (
        http["settings"]["token_rotation_enabled"],
        socket["settings"]["token_rotation_enabled"],
    ) == (
        True,
        False,
    )
    for manifest in (http, socket):
        del (
            manifest["settings"]["org_deploy_enabled"],
            manifest["settings"]["token_rotation_enabled"],
        )
    assert http == socket


def test_the_oauth_install_asks_for_the_manifests_scopes_and_opted_in_features() -> None:
    plain = Settings(database_url="sqlite://", client_id="1.2", client_secret="s")
    assert (
        list(install_scopes(plain))
        == _manifest("manifest.http.yml")["oauth_config"]["scopes"]["bot"]
    )
    profile = Settings(database_url="sqlite://", manager_profile_field="Xf0123ABCD")
    assert install_scopes(profile) == (*BOT_SCOPES, *PROFILE_SCOPES)
    history = Settings(database_url="sqlite://", history_check=True)
    assert install_scopes(history) == (*BOT_SCOPES, *HISTORY_SCOPES)
