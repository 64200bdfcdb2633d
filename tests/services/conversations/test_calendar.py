"""The .ics builder and time zones, without Slack."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from icalendar import Calendar

from bot.models import Person
from bot.services.conversations.calendar import Attendee, invite
from bot.services.org.zones import local_today, zone_of

NOW = datetime(2025, 3, 10, 23, 30, tzinfo=UTC)
WORDS = {"title": "Career conversation: Ada & Grace", "description": "Prepare."}


def _person(**fields: object) -> Person:
    return Person(workspace_id=1, slack_user_id="U0ADA", joined_at=NOW, **fields)


def test_the_override_wins_then_slack_then_the_fallback_then_utc() -> None:
    assert zone_of(_person(tz_override="Asia/Tokyo", tz="Europe/Berlin")) == ZoneInfo("Asia/Tokyo")
    assert zone_of(_person(tz="Europe/Berlin")) == ZoneInfo("Europe/Berlin")
    assert zone_of(_person(tz="Not/AZone"), fallback="America/Chicago") == ZoneInfo(
        "America/Chicago"
    )
    assert zone_of(_person()) == UTC


def test_today_is_the_persons_own_day() -> None:
    assert local_today(_person(tz="Asia/Tokyo"), NOW) == date(2025, 3, 11)
    assert local_today(_person(), NOW) == date(2025, 3, 10)


def test_the_invite_is_at_ten_local_with_both_attendees_and_a_stable_uid() -> None:
    zone = ZoneInfo("America/Los_Angeles")
    people = [
        Attendee("U0ADA", "Ada <Lovelace>", "ada@example.com"),
        Attendee("U0G", "Grace", None),
    ]
    raw = invite(
        conversation_id=7, on=date(2025, 6, 2), zone=zone, attendees=people, now=NOW, **WORDS
    )
    (event,) = Calendar.from_ical(raw).walk("VEVENT")
    assert event["dtstart"].dt == datetime.combine(date(2025, 6, 2), time(10), zone)
    assert event["dtstart"].dt.utcoffset() == datetime(2025, 6, 2, 10, tzinfo=zone).utcoffset()
    assert (event["dtend"].dt - event["dtstart"].dt).total_seconds() == 3600
    assert sorted(str(a) for a in event["attendee"]) == ["invalid:nomail", "mailto:ada@example.com"]
    assert [a.params["CN"] for a in event["attendee"]] == ["Ada <Lovelace>", "Grace"]
    again = invite(
        conversation_id=7, on=date(2025, 6, 2), zone=zone, attendees=people, now=NOW, **WORDS
    )
    assert Calendar.from_ical(again).walk("VEVENT")[0]["uid"] == event["uid"]
