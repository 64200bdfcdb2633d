"""Calendar invites: an .ics for the next conversation, at a civil hour in each zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vText

MEETING_START = time(10, 0)  # a civil hour in every working time zone
MEETING_LENGTH = timedelta(hours=1)  # three parts of about 20 minutes
PRODID = "-//career-bot//career conversations//EN"


@dataclass(frozen=True)
class Attendee:
    slack_user_id: str
    name: str
    email: str | None


def invite(
    *,
    conversation_id: int,
    on: date,
    zone: tzinfo,
    attendees: list[Attendee],
    now: datetime,
    title: str,
    description: str,
    uid: str | None = None,
) -> bytes:
    """An iCalendar file with one event: the next conversation, 10:00 local time in `zone`.

    Its words are the caller's: `title` is the event's summary, `description` its text.

    The UID depends on the conversation and the date only, so adding the invite again (or
    from the other person's copy) updates the same calendar entry instead of adding another.
    A conversation planned before any is held names its own stable `uid` instead.
    """
    start = datetime.combine(on, MEETING_START, tzinfo=zone)
    event = Event()
    event.add("uid", uid or f"conversation-{conversation_id}-{on.isoformat()}@career-bot")
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", start)
    event.add("dtend", start + MEETING_LENGTH)
    event.add("summary", title)
    event.add("description", description)
    for person in attendees:
        address = vCalAddress(f"mailto:{person.email}" if person.email else "invalid:nomail")
        address.params["cn"] = vText(person.name)
        address.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", address, encode=False)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event)
    if isinstance(zone, ZoneInfo):
        calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
