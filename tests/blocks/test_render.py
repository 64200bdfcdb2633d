"""Jinja2 rendering for the copy people read: escaped by default, mentions the bot built."""

from __future__ import annotations

import pytest

from bot.blocks.render import Trusted, mention, mrkdwn, quote, render
from bot.shapes.privacy import FORMER_COLLEAGUE, tombstone


def test_every_printed_value_is_escaped_unless_trusted() -> None:
    text = render("digest_small.j2", team="<!channel> & *us*", minimum=3)
    assert text.startswith("*&lt;!channel&gt; &amp; *us** has fewer than 3 people")
    assert "<!channel>" not in text
    trusted = render("digest_small.j2", team=Trusted("<@U0LEAD>"), minimum=3)
    assert trusted.startswith("*<@U0LEAD>* has fewer than 3 people")


def test_mrkdwn_escapes_once() -> None:
    once = mrkdwn("a < b & c > d")
    assert once == "a &lt; b &amp; c &gt; d"
    assert mrkdwn(once) == once  # trusted text is not escaped twice
    assert mrkdwn(None) == ""


def test_quote_quotes_every_line_escaped() -> None:
    assert quote("one\n<!here> two") == "> one\n> &lt;!here&gt; two"
    assert quote("") == "> "


def test_mention_names_real_ids_and_nobody_for_an_erased_person() -> None:
    assert mention("U0ABC123") == "<@U0ABC123>"
    assert mention(tombstone(42)) == FORMER_COLLEAGUE
    with pytest.raises(ValueError, match="not a Slack user id"):
        mention("<!channel>")


def test_a_missing_value_fails_loudly_instead_of_printing_nothing() -> None:
    from jinja2 import UndefinedError

    with pytest.raises(UndefinedError):
        render("digest_small.j2", team="Platform")
