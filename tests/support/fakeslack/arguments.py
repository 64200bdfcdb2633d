"""Reading a Web API call's arguments as Slack does: JSON fields, timestamps, flags, metadata."""

from __future__ import annotations

import json
from typing import Any

from tests.support.fakeslack.errors import SlackError

Args = dict[str, Any]
Response = dict[str, Any]


def _check_metadata(args: Args) -> None:
    """Message metadata is an object with a string event_type and an object event_payload."""
    if "metadata" not in args:
        return
    metadata = args["metadata"]
    if not (
        isinstance(metadata, dict)
        and isinstance(metadata.get("event_type"), str)
        and isinstance(metadata.get("event_payload"), dict)
    ):
        raise SlackError("invalid_metadata_format", f"metadata {metadata!r}")


def _ts_arg(value: object, error: str, default: float) -> float:
    if value in (None, ""):
        return default
    try:
        return float(str(value))
    except ValueError as problem:
        raise SlackError(error, f"{value!r} is not a timestamp") from problem


def _truthy(value: object) -> bool:
    return str(value).lower() in ("1", "true")


def _blank(value: object) -> bool:
    return value is None or value == "" or value == []


def decode_json_fields(args: Args) -> Args:
    """slack_sdk and form posts send blocks/view/... as JSON strings; decode them."""
    decoded = dict(args)
    for key in ("blocks", "attachments", "view", "files", "metadata"):
        value = decoded.get(key)
        if isinstance(value, str) and value.strip()[:1] in ("[", "{"):
            try:
                decoded[key] = json.loads(value)
            except json.JSONDecodeError as error:
                raise SlackError(
                    "invalid_blocks_format" if key == "blocks" else "invalid_arguments",
                    f"{key} is not valid JSON: {error}",
                ) from error
    return decoded
