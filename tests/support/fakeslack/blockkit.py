"""Pure Block Kit validators: slack_sdk's model validation plus the limits it does not enforce.

Each problem is a readable string naming where it is, e.g. `blocks[3].text: 3100 chars > 3000`.
slack_sdk silently drops fields and block/element types it does not know; Slack rejects them,
so a round trip through the models that loses or changes anything is reported too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from tests.support.fakeslack import limits

_INPUT_BLOCK_TYPES = frozenset({"input"})
_STAND_IN_BLOCK = {"type": "divider"}
_FILE_ID = re.compile(
    r"F[A-Z0-9]{8,}"
)  # Slack: "input must match regex pattern: ^[F][A-Z0-9]{8,}$"


def check_message_blocks(blocks: object, *, path: str = "blocks") -> list[str]:
    """Problems Slack would reject in a message's `blocks` (chat.postMessage and friends)."""
    if not isinstance(blocks, list):
        return [f"{path}: expected a list of blocks, got {type(blocks).__name__}"]
    problems: list[str] = []
    if len(blocks) > limits.MESSAGE_BLOCKS_MAX:
        problems.append(f"{path}: {len(blocks)} blocks > {limits.MESSAGE_BLOCKS_MAX}")
    for i, block in enumerate(blocks):
        problems += _check_block(block, f"{path}[{i}]")
    markdown_total = sum(
        len(str(b.get("text", "")))
        for b in blocks
        if isinstance(b, dict) and b.get("type") == "markdown"
    )
    if markdown_total > limits.MARKDOWN_BLOCKS_TOTAL_MAX_CHARS:
        problems.append(
            f"{path}: markdown blocks total {markdown_total} chars > "
            f"{limits.MARKDOWN_BLOCKS_TOTAL_MAX_CHARS}"
        )
    return problems


def check_view(view: object, *, path: str = "view") -> list[str]:
    """Problems Slack would reject in a modal or Home tab view payload."""
    if not isinstance(view, dict):
        return [f"{path}: expected an object, got {type(view).__name__}"]
    problems: list[str] = []
    view_type = view.get("type")
    if view_type not in ("modal", "home"):
        problems.append(f"{path}.type: {view_type!r} is not 'modal' or 'home'")
    size = len(json.dumps(view).encode())
    if size > limits.VIEW_PAYLOAD_MAX_BYTES:
        problems.append(f"{path}: {size} bytes > {limits.VIEW_PAYLOAD_MAX_BYTES}")
    for key, limit in (
        ("private_metadata", limits.PRIVATE_METADATA_MAX_CHARS),
        ("callback_id", limits.CALLBACK_ID_MAX_CHARS),
        ("external_id", limits.EXTERNAL_ID_MAX_CHARS),
    ):
        value = view.get(key)
        if isinstance(value, str) and len(value) > limit:
            problems.append(f"{path}.{key}: {len(value)} chars > {limit}")
    blocks = view.get("blocks")
    if not isinstance(blocks, list):
        return [*problems, f"{path}.blocks: expected a list of blocks"]
    if not blocks:
        problems.append(f"{path}.blocks: a view needs at least 1 block")
    if len(blocks) > limits.VIEW_BLOCKS_MAX:
        problems.append(f"{path}.blocks: {len(blocks)} blocks > {limits.VIEW_BLOCKS_MAX}")
    has_inputs = any(isinstance(b, dict) and b.get("type") in _INPUT_BLOCK_TYPES for b in blocks)
    if view_type == "modal" and has_inputs and not view.get("submit"):
        problems.append(f"{path}.submit: required when a modal has input blocks")
    for i, block in enumerate(blocks):
        problems += _check_block(block, f"{path}.blocks[{i}]")
    # The view's own fields go through slack_sdk with a stand-in block: the real blocks were
    # checked one by one above, with their paths.
    shell = {**view, "blocks": [_STAND_IN_BLOCK]}
    try:
        parsed = View(**shell).to_dict()
        problems += [f"{path}{p}: unknown to Slack" for p in _lost(shell, parsed)]
    except Exception as error:  # SlackObjectFormationError, or a warning turned into an error
        problems.append(f"{path}: slack_sdk: {error}")
    return list(dict.fromkeys(problems))


def _check_block(block: object, path: str) -> list[str]:
    if not isinstance(block, dict) or not isinstance(block.get("type"), str):
        return [f"{path}: expected a block object with a 'type'"]
    problems = list(_block_limits(block, path))
    try:
        parsed = Block.parse(block)
        if parsed is None:
            return [*problems, f"{path}.type: unknown block type {block['type']!r}"]
        problems += [f"{path}{p}: unknown to Slack" for p in _lost(block, parsed.to_dict())]
    except Exception as error:  # SlackObjectFormationError, or a warning turned into an error
        problems.append(f"{path}: slack_sdk: {error}")
    return problems


def slack_files(blocks: object, *, path: str = "blocks") -> list[tuple[str, str]]:
    """(path, file id) of every image block and image element showing a `slack_file` by id."""
    found: list[tuple[str, str]] = []
    for i, block in enumerate(blocks if isinstance(blocks, list) else []):
        if not isinstance(block, dict):
            continue
        images = [(f"{path}[{i}]", block)]
        if isinstance(block.get("accessory"), dict):
            images.append((f"{path}[{i}].accessory", block["accessory"]))
        for j, element in enumerate(block.get("elements") or []):
            if isinstance(element, dict):
                images.append((f"{path}[{i}].elements[{j}]", element))
        for where, image in images:
            file = image.get("slack_file") if image.get("type") == "image" else None
            if isinstance(file, dict) and isinstance(file.get("id"), str):
                found.append((f"{where}.slack_file", file["id"]))
    return found


def _image_limits(image: dict[str, Any], path: str) -> Iterator[str]:
    """An image shows `image_url` or a `slack_file`, never both; a file by `id` or `url`."""
    file = image.get("slack_file")
    if (image.get("image_url") is None) == (file is None):
        yield f"{path}: needs exactly one of image_url and slack_file"
    if isinstance(file, dict):
        if (file.get("id") is None) == (file.get("url") is None):
            yield f"{path}.slack_file: needs exactly one of id and url"
        elif file.get("id") is not None and not _FILE_ID.fullmatch(str(file["id"])):
            yield f"{path}.slack_file.id: must match ^F[A-Z0-9]{{8,}}$"
    alt = image.get("alt_text")
    if not isinstance(alt, str) or not alt:
        yield f"{path}.alt_text: required"
    elif len(alt) > limits.IMAGE_ALT_TEXT_MAX_CHARS:
        yield f"{path}.alt_text: {len(alt)} chars > {limits.IMAGE_ALT_TEXT_MAX_CHARS}"


def _block_limits(block: dict[str, Any], path: str) -> Iterator[str]:
    kind = block["type"]
    if kind == "image":
        yield from _image_limits(block, path)
    if kind == "section":
        text = _text_of(block.get("text"))
        if text is not None and len(text) > limits.SECTION_TEXT_MAX_CHARS:
            yield f"{path}.text: {len(text)} chars > {limits.SECTION_TEXT_MAX_CHARS}"
        for j, field in enumerate(block.get("fields") or []):
            text = _text_of(field)
            if text is not None and len(text) > limits.SECTION_FIELD_MAX_CHARS:
                limit = limits.SECTION_FIELD_MAX_CHARS
                yield f"{path}.fields[{j}].text: {len(text)} chars > {limit}"
        if isinstance(block.get("accessory"), dict):
            yield from _element_limits(block["accessory"], f"{path}.accessory")
    elif kind in ("actions", "context"):
        for j, element in enumerate(block.get("elements") or []):
            if isinstance(element, dict):
                yield from _element_limits(element, f"{path}.elements[{j}]")
    elif kind == "input" and isinstance(block.get("element"), dict):
        yield from _element_limits(block["element"], f"{path}.element")


def _element_limits(element: dict[str, Any], path: str) -> Iterator[str]:
    kind = element.get("type")
    if kind == "image":
        yield from _image_limits(element, path)
    if kind == "plain_text_input":
        for key, limit in (
            ("max_length", limits.PLAIN_TEXT_INPUT_MAX_LENGTH_MAX),
            ("min_length", limits.PLAIN_TEXT_INPUT_MIN_LENGTH_MAX),
        ):
            value = element.get(key)
            if isinstance(value, int) and value > limit:
                yield f"{path}.{key}: {value} > {limit}"
    elif kind in ("checkboxes", "radio_buttons"):
        options = element.get("options") or []
        if len(options) > limits.CHECKBOXES_OR_RADIO_OPTIONS_MAX:
            yield (
                f"{path}.options: {len(options)} options > {limits.CHECKBOXES_OR_RADIO_OPTIONS_MAX}"
            )


def _text_of(obj: object) -> str | None:
    text = obj.get("text") if isinstance(obj, dict) else None
    return text if isinstance(text, str) else None


def _lost(sent: object, parsed: object, path: str = "") -> list[str]:
    """Paths present in `sent` that slack_sdk's round trip dropped or changed."""
    if isinstance(sent, dict):
        if not isinstance(parsed, dict):
            return [path or "."]
        out: list[str] = []
        for key, value in sent.items():
            if key not in parsed and value in (None, ""):
                continue  # slack_sdk leaves out empty values; Slack accepts them
            if key not in parsed:
                out.append(f"{path}.{key}")
            else:
                out += _lost(value, parsed[key], f"{path}.{key}")
        return out
    if isinstance(sent, list):
        if not isinstance(parsed, list) or len(sent) != len(parsed):
            return [path or "."]
        return [
            p
            for i, (a, b) in enumerate(zip(sent, parsed, strict=True))
            for p in _lost(a, b, f"{path}[{i}]")
        ]
    return [] if sent == parsed else [path or "."]
