"""Our tables (methods.py, limits.py, request builders) against Slack's reference material.

Needs ../shared/slack-reference (skips without it, fails in CI without it).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from tests.support import slack_requests as sr
from tests.support.fakeslack import limits
from tests.support.fakeslack.blockkit import check_view
from tests.support.fakeslack.methods import METHODS, NOT_IN_REFERENCE_FOLDER
from tests.support.slack_reference import require_reference

TIERS = {"t1": 1, "t2": 2, "t3": 3, "t4": 4, "t5": "special"}


def load(path: Path) -> Any:
    with path.open(encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture
def ref() -> Path:
    return require_reference()


@pytest.mark.parametrize("name", sorted(set(METHODS) - NOT_IN_REFERENCE_FOLDER))
def test_method_matches_docs_slack_dev(ref: Path, name: str) -> None:
    doc = load(ref / "slack-api-ref" / "docs.slack.dev-methods" / f"{name}.json")
    spec = METHODS[name]
    assert set(doc["args"]["required"]) - {"token"} == set(spec.required)
    assert TIERS[doc["rate_limits"]] == spec.tier
    documented = set(doc["args"]["properties"])
    for group in spec.one_of:
        assert set(group) <= documented


@pytest.mark.parametrize("name", sorted(NOT_IN_REFERENCE_FOLDER))
def test_methods_missing_from_the_folder_are_really_missing(ref: Path, name: str) -> None:
    # When the scrape gains the file, move the method into the checked set above.
    assert not (ref / "slack-api-ref" / "docs.slack.dev-methods" / f"{name}.json").exists()


def test_methods_in_the_openapi_spec_exist_there(ref: Path) -> None:
    paths = load(ref / "web-api" / "slack_web_openapi_v2.json")["paths"]
    in_spec = {name for name in METHODS if f"/{name}" in paths}
    # The spec stopped in Oct 2020: Socket Mode and files v2 came later.
    assert set(METHODS) - in_spec == {
        "apps.connections.open",
        "files.getUploadURLExternal",
        "files.completeUploadExternal",
    }


def test_rate_tiers_match_limits_json(ref: Path) -> None:
    tiers = load(ref / "limits.json")["rate_limits"]["methods"]
    for name, entry in tiers.items():
        if name in METHODS:
            assert METHODS[name].tier == entry["tier"], name


# Errors the fake answers, by method, beyond the API-wide ones; each must be documented.
ANSWERED_ERRORS = {
    "chat.postMessage": {
        "channel_not_found",
        "not_in_channel",
        "no_text",
        "invalid_blocks",
        "invalid_metadata_format",
    },
    "chat.postEphemeral": {"channel_not_found", "user_not_in_channel", "no_text"},
    "chat.update": {"message_not_found", "channel_not_found", "invalid_blocks"},
    "chat.scheduleMessage": {"time_in_past", "time_too_far", "invalid_time", "no_text"},
    "conversations.open": {"user_not_found", "channel_not_found", "users_list_not_supplied"},
    "views.open": {"invalid_trigger_id", "exchanged_trigger_id", "expired_trigger_id"},
    "views.push": {"push_limit_reached", "not_found", "exchanged_trigger_id"},
    "views.update": {"hash_conflict", "not_found", "duplicate_external_id"},
    "views.publish": {"hash_conflict"},
    "users.info": {"user_not_found"},
    "users.lookupByEmail": {"users_not_found"},
    "users.list": {"invalid_cursor"},
}


@pytest.mark.parametrize("name", sorted(ANSWERED_ERRORS))
def test_errors_we_answer_are_documented(ref: Path, name: str) -> None:
    doc = load(ref / "slack-api-ref" / "docs.slack.dev-methods" / f"{name}.json")
    assert ANSWERED_ERRORS[name] <= set(doc["errors"])


# (our value, limits.json section, entry key)
OUR_LIMITS: list[tuple[object, str, str]] = [
    (limits.MESSAGE_BLOCKS_MAX, "surfaces", "message.blocks.max"),
    (limits.VIEW_BLOCKS_MAX, "surfaces", "view.blocks.max"),
    (limits.MODAL_SUBMIT_REQUIRED_WITH_INPUTS, "surfaces", "modal.submit.required_if_input_blocks"),
    (limits.PRIVATE_METADATA_MAX_CHARS, "surfaces", "view.private_metadata.max_chars"),
    (limits.CALLBACK_ID_MAX_CHARS, "surfaces", "view.callback_id.max_chars"),
    (limits.EXTERNAL_ID_MAX_CHARS, "surfaces", "view.external_id.max_chars"),
    (limits.VIEW_PAYLOAD_MAX_BYTES, "surfaces", "view.payload.max_bytes"),
    (limits.MODAL_STACK_MAX_VIEWS, "surfaces", "modal.stack.max_views"),
    (limits.TRIGGER_ID_TTL_SECONDS, "surfaces", "trigger_id.ttl_seconds"),
    (limits.SECTION_TEXT_MAX_CHARS, "blocks", "section.text.max_chars"),
    (limits.SECTION_FIELD_MAX_CHARS, "blocks", "section.fields.item.max_chars"),
    (limits.MARKDOWN_BLOCKS_TOTAL_MAX_CHARS, "blocks", "markdown_block.text.max_chars"),
    (limits.IMAGE_ALT_TEXT_MAX_CHARS, "blocks", "image.alt_text.max_chars"),
    (limits.PLAIN_TEXT_INPUT_MAX_LENGTH_MAX, "elements", "plain_text_input.max_length.max"),
    (limits.PLAIN_TEXT_INPUT_MIN_LENGTH_MAX, "elements", "plain_text_input.min_length.max"),
    (limits.CHECKBOXES_OR_RADIO_OPTIONS_MAX, "elements", "checkboxes_or_radio.options.max"),
    (limits.ATTACHMENTS_MAX, "messages", "attachments.max"),
    (limits.SCHEDULE_MAX_FUTURE_DAYS, "messages", "chat.scheduleMessage.post_at.max_future_days"),
]


@pytest.mark.parametrize(("ours", "section", "key"), OUR_LIMITS, ids=[k for _, _, k in OUR_LIMITS])
def test_limits_match_limits_json(ref: Path, ours: object, section: str, key: str) -> None:
    assert load(ref / "limits.json")[section][key]["value"] == ours


def test_tiers_per_minute_match_limits_json(ref: Path) -> None:
    tiers = load(ref / "limits.json")["rate_limits"]["tiers_per_minute"]
    theirs = {int(k.removeprefix("Tier")): v for k, v in tiers.items() if k.startswith("Tier")}
    assert theirs == limits.TIER_PER_MINUTE


def test_every_limit_slack_sdk_skips_is_in_our_table(ref: Path) -> None:
    """limits.json entries marked sdk_enforced=false that the fake deliberately leaves out."""
    table = load(ref / "limits.json")
    unenforced = {
        key
        for section in ("surfaces", "blocks", "elements")
        for key, entry in table[section].items()
        if entry.get("sdk_enforced") is False
    }
    ours = {
        "message.blocks.max",
        "modal.submit.required_if_input_blocks",
        "view.external_id.max_chars",
        "view.payload.max_bytes",
        "modal.stack.max_views",
        "section.fields.item.max_chars",
        "plain_text_input.max_length.max",
        "plain_text_input.min_length.max",
        "checkboxes_or_radio.options.max",
    }
    assert unenforced == ours


def test_reference_views_pass_our_validator(ref: Path) -> None:
    fixtures = sorted((ref / "python-slack-sdk-fixtures").glob("view_*.json"))
    assert len(fixtures) >= 10
    for path in fixtures:
        assert check_view(load(path)) == [], path.name


# ---- request builders against java-slack-sdk json-logs samples ----------------------------

# Keys we send that the samples lack: `blocks` of a view and `response_urls` are in every real
# view_submission (bolt-python tests/scenario_tests/test_view_submission.py), missing from the
# java samples.
EXTRA = {"view_submission": {"response_urls"}, "view": {"blocks"}}


def keys_of(body: bytes) -> dict[str, Any]:
    return json.loads(parse_qs(body.decode())["payload"][0])  # type: ignore[no-any-return]


def check_keys(
    ours: dict[str, Any], sample: dict[str, Any], omitted: set[str], extra: set[str]
) -> None:
    assert set(sample) - omitted - set(ours) == set(), "missing"
    assert set(ours) - set(sample) <= extra, "unexpected"


def test_slash_command_keys(ref: Path) -> None:
    sample = load(
        ref / "java-slack-sdk-json-logs/app-backend/slash-commands/SlashCommandPayload.json"
    )
    ours = parse_qs(
        sr.slash_command(user_id="U1", team_id="T1", trigger_id="t").decode(),
        keep_blank_values=True,
    )
    check_keys(ours, sample, set(sr.OMITTED["slash_command"]), set())


def test_block_actions_keys(ref: Path) -> None:
    sample = load(
        ref / "java-slack-sdk-json-logs/app-backend/interactive-components/BlockActionPayload.json"
    )
    omitted = set(sr.OMITTED["block_actions"])
    view = sr.view_object("V1", team_id="T1")
    from_view = keys_of(
        sr.block_actions(user_id="U1", team_id="T1", action_id="a", trigger_id="t", view=view)
    )
    check_keys(from_view, sample, omitted | {"channel", "message", "response_url"}, set())
    check_keys(from_view["view"], sample["view"], set(), EXTRA["view"])
    from_message = keys_of(
        sr.block_actions(user_id="U1", team_id="T1", action_id="a", trigger_id="t")
    )
    check_keys(from_message, sample, omitted | {"view"}, set())
    check_keys(from_message["user"], sample["user"], set(), set())


@pytest.mark.parametrize("kind", ["view_submission", "view_closed"])
def test_view_payload_keys(ref: Path, kind: str) -> None:
    name = "ViewSubmissionPayload" if kind == "view_submission" else "ViewClosedPayload"
    sample = load(ref / f"java-slack-sdk-json-logs/app-backend/views/{name}.json")
    if kind == "view_submission":
        ours = keys_of(sr.view_submission(user_id="U1", team_id="T1", callback_id="c", values={}))
    else:
        ours = keys_of(sr.view_closed(user_id="U1", team_id="T1", callback_id="c"))
    check_keys(ours, sample, set(sr.OMITTED[kind]), EXTRA.get(kind, set()))
    check_keys(ours["view"], sample["view"], set(), EXTRA["view"])


def test_app_home_opened_keys(ref: Path) -> None:
    sample = load(ref / "java-slack-sdk-json-logs/events/AppHomeOpenedPayload.json")
    ours = json.loads(sr.event_callback(sr.app_home_opened("U1", team_id="T1"), team_id="T1"))
    check_keys(ours, sample, set(sr.OMITTED["event_callback"]), set())
    # `view` is only there once a Home tab was published for the user.
    check_keys(ours["event"], sample["event"], {"view"}, set())
    check_keys(ours["authorizations"][0], sample["authorizations"][0], set(), set())
