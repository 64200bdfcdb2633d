"""Block Kit, view and platform limits the fake enforces, mostly those slack_sdk does not.

Facts are ours; each names its source. `LIMITS` = ../shared/slack-reference/limits.json (our own
compiled table; its entry key follows), which in turn cites @slack/types, slack_sdk and the
slack-api-ref scrape. `tests/support_tests/fakeslack/test_methods_reference.py` checks the
values match.
"""

from __future__ import annotations

# LIMITS messages: "message.blocks.max" (Block Kit docs; @slack/types chunk.ts). SDK: not enforced.
MESSAGE_BLOCKS_MAX = 50
# LIMITS surfaces "view.blocks.max" (slack_sdk View.blocks_max_length; @slack/types views.ts).
VIEW_BLOCKS_MAX = 100
# LIMITS "modal.submit.required_if_input_blocks" (@slack/types views.ts ModalView.submit doc).
MODAL_SUBMIT_REQUIRED_WITH_INPUTS = True
# LIMITS "view.private_metadata.max_chars" (slack_sdk View.private_metadata_max_length).
PRIVATE_METADATA_MAX_CHARS = 3000
# LIMITS "view.callback_id.max_chars" / "view.external_id.max_chars".
CALLBACK_ID_MAX_CHARS = 255
EXTERNAL_ID_MAX_CHARS = 255
# LIMITS "view.payload.max_bytes" (slack-api-ref views.open errors.view_too_large "> 250kb").
VIEW_PAYLOAD_MAX_BYTES = 256000
# LIMITS "modal.stack.max_views": root + 2 pushed (views.push errors.push_limit_reached).
MODAL_STACK_MAX_VIEWS = 3
# LIMITS "trigger_id.ttl_seconds", single use (bolt-python docs/opening-modals.md).
TRIGGER_ID_TTL_SECONDS = 3.0

# LIMITS blocks "section.text.max_chars" (slack_sdk enforces; we re-check to name the path).
SECTION_TEXT_MAX_CHARS = 3000
# LIMITS blocks "section.fields.item.max_chars" (@slack/types blocks.ts). SDK: not enforced.
SECTION_FIELD_MAX_CHARS = 2000
# LIMITS blocks "markdown_block.text.max_chars": cumulative over a message's markdown blocks.
MARKDOWN_BLOCKS_TOTAL_MAX_CHARS = 12000
# LIMITS blocks "image.alt_text.max_chars" (slack_sdk ImageBlock/ImageElement).
IMAGE_ALT_TEXT_MAX_CHARS = 2000

# LIMITS elements "plain_text_input.max_length.max" / ".min_length.max" (@slack/types).
PLAIN_TEXT_INPUT_MAX_LENGTH_MAX = 3000
PLAIN_TEXT_INPUT_MIN_LENGTH_MAX = 3000
# LIMITS elements "checkboxes_or_radio.options.max" (@slack/types block-elements.ts).
CHECKBOXES_OR_RADIO_OPTIONS_MAX = 10

# LIMITS messages "attachments.max" (errors.too_many_attachments).
ATTACHMENTS_MAX = 100
# LIMITS messages "chat.scheduleMessage.post_at.max_future_days" (errors time_too_far).
SCHEDULE_MAX_FUTURE_DAYS = 120

# LIMITS rate_limits "tiers_per_minute" (java-slack-sdk MethodsRateLimitTier; docs rate-limits).
TIER_PER_MINUTE: dict[int, int] = {1: 1, 2: 20, 3: 50, 4: 100}
