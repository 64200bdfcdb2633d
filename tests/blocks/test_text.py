"""The plain Block Kit helpers and the one escape for typed text."""

from __future__ import annotations

from datetime import date

from bot.blocks.text import (
    button,
    context,
    day,
    divider,
    escape,
    header,
    mrkdwn,
    plain_day,
    section,
)
from tests.support.slack_dates import shown


def test_escape_neutralises_mentions_and_links() -> None:
    assert (
        escape("<!channel> & <https://evil|x>") == "&lt;!channel&gt; &amp; &lt;https://evil|x&gt;"
    )


def test_escape_is_not_idempotent_on_purpose_and_leaves_plain_text_alone() -> None:
    assert escape("&amp;") == "&amp;amp;"  # escape once, at the edge
    assert escape("*bold* _it_ `code`") == "*bold* _it_ `code`"


def test_section_context_and_header() -> None:
    assert section("hi") == {"type": "section", "text": mrkdwn("hi")}
    assert section("hi", block_id="b1")["block_id"] == "b1"
    assert context("c") == {"type": "context", "elements": [{"type": "mrkdwn", "text": "c"}]}
    assert header("H") == {
        "type": "header",
        "text": {"type": "plain_text", "text": "H", "emoji": True},
    }
    assert divider() == {"type": "divider"}


def test_a_button_carries_only_what_it_was_given() -> None:
    plain = button("Go", "act")
    assert plain == {
        "type": "button",
        "text": {"type": "plain_text", "text": "Go", "emoji": True},
        "action_id": "act",
    }
    full = button("Go", "act", value="7", style="danger")
    assert (full["value"], full["style"]) == ("7", "danger")
    assert button("Go", "act", value="")["value"] == ""  # an empty value is still a value


def test_a_day_in_mrkdwn_is_a_date_token_and_in_plain_text_the_english_date() -> None:
    assert day(date(2025, 3, 3)) == shown(date(2025, 3, 3))
    assert day(date(2025, 3, 3)).endswith("|3 Mar 2025>")  # the fallback: the English date
    assert plain_day(date(2025, 3, 3)) == "3 Mar 2025"
    assert plain_day(date(2024, 12, 31)) == "31 Dec 2024"
