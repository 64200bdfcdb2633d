"""Slack mrkdwn written in one place: the escape for anything a person typed, and dates.

Beneath blocks and services alike: blocks escape what they render, and erasing someone finds
their words in messages already owed in the form they were escaped to.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

# The instant that stands for a date-only value (a conversation day, a due date) in a date
# token. Slack shows the token in each reader's own zone, so the instant must fall on the same
# calendar day from UTC-10 (Hawaii) to UTC+13 (New Zealand in summer, Tonga, Samoa): 10:00 UTC
# is 00:00 in Honolulu and 23:00 in Auckland's summer. Noon UTC would show the next day all
# over New Zealand and Fiji; no single instant covers UTC-11 and UTC+14 both (26 hours apart),
# and those two are the least populated zones.
DATE_INSTANT = time(10, 0)


def escape(text: str) -> str:
    """Escape user text for mrkdwn so `<!channel>`, `<@U…>`, `<!date…>` and links never ping,
    unfurl or format: with `<` escaped, typed text can never open a Slack token."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def english_day(value: date) -> str:
    """`3 Mar 2025`: unambiguous in every locale; for plain_text fields, where tokens show raw."""
    return f"{value.day} {value:%b %Y}"


def english_weekday(value: date) -> str:
    """`Wed 5 Mar 2025`."""
    return f"{value:%a} {english_day(value)}"


def local_day(value: date, *, weekday: bool = False) -> str:
    """A date token Slack renders in each reader's locale (`{date_short}`: "Mar 3, 2025" for
    one, "3 Mar 2025" for another), with the English date as the fallback where it cannot.

    mrkdwn only: a header, button or option label (plain_text) would show the token raw.
    """
    instant = int(datetime.combine(value, DATE_INSTANT, tzinfo=UTC).timestamp())
    if weekday:
        return f"<!date^{instant}^{{date_long}}|{english_weekday(value)}>"
    return f"<!date^{instant}^{{date_short}}|{english_day(value)}>"
