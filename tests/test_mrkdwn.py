"""bot/mrkdwn.py: the escape for typed text, and dates in each reader's locale."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.mrkdwn import english_day, english_weekday, escape, local_day
from tests.support.slack_dates import TOKEN, shown

# The zones a team may read from, west to east: each must see a date token on its own day.
READERS = [
    "Pacific/Honolulu",  # UTC-10
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Berlin",
    "Asia/Kolkata",  # UTC+5:30
    "Asia/Tokyo",
    "Australia/Sydney",  # UTC+11 in summer
    "Pacific/Auckland",  # UTC+13 in summer
    "Pacific/Tongatapu",  # UTC+13
]


def test_a_date_token_carries_its_format_and_the_english_fallback() -> None:
    assert local_day(date(2025, 3, 3)) == "<!date^1740996000^{date_short}|3 Mar 2025>"
    assert local_day(date(2025, 3, 5), weekday=True) == (
        "<!date^1741168800^{date_long}|Wed 5 Mar 2025>"
    )
    assert local_day(date(2025, 3, 3)) == shown(date(2025, 3, 3))
    assert english_day(date(2024, 12, 31)) == "31 Dec 2024"
    assert english_weekday(date(2024, 12, 31)) == "Tue 31 Dec 2024"


@pytest.mark.parametrize("zone", READERS)
@pytest.mark.parametrize("day", [date(2025, 1, 15), date(2025, 7, 15), date(2026, 3, 29)])
def test_every_reader_sees_the_same_calendar_day(zone: str, day: date) -> None:
    match = TOKEN.fullmatch(local_day(day))
    assert match is not None
    seen = datetime.fromtimestamp(int(match.group(1)), tz=UTC).astimezone(ZoneInfo(zone))
    assert seen.date() == day, f"{zone} would read {seen.date()} for {day}"


def test_noon_utc_would_have_shown_new_zealand_the_next_day() -> None:
    """Why not noon UTC: the counter-example the chosen instant avoids."""
    noon = datetime(2025, 1, 15, 12, tzinfo=UTC).astimezone(ZoneInfo("Pacific/Auckland"))
    assert noon.date() == date(2025, 1, 16)


def test_typed_text_can_never_open_a_date_token() -> None:
    typed = "<!date^0^{date_short}|pay day> <!channel> <@U0BOSS>"
    escaped = escape(typed)
    assert "<" not in escaped and ">" not in escaped
    assert TOKEN.search(escaped) is None
    assert escaped.startswith("&lt;!date^0^{date_short}|pay day&gt;")
