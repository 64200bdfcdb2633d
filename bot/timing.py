"""When people are at work: working days, quiet hours, the morning rule, time zone names, and
the day a prep reminder is due (two working days before the meeting).

Neutral ground: the outbox (checking hours at send time), the planners and the services all
read these rules, so they depend on nothing but the standard library.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

MORNING = time(9, 0)
WORKING_DAYS = range(0, 5)  # Monday to Friday
LEAD_WORKING_DAYS = 2  # a prep reminder comes this many working days before the meeting


def zone_named(*names: str | None) -> tzinfo:
    """The first of these time zone names that exists, else UTC."""
    for name in names:
        if name and is_zone_name(name):
            return ZoneInfo(name)
    return UTC


def is_zone_name(name: str) -> bool:
    """Whether `name` is an IANA zone such as Europe/Berlin.

    Checked against the list, not by trying `ZoneInfo(name)`: that opens a file under the
    zone directory, so "Europe" raises IsADirectoryError and other paths other OSErrors.
    """
    return name in _zone_names()


@cache
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def is_quiet(hour: int, *, start: int, end: int) -> bool:
    """Whether `hour` (local) falls in quiet hours `start` to `end`, which may wrap midnight."""
    if start == end:
        return False
    if start > end:
        return hour >= start or hour < end
    return start <= hour < end


def next_morning(now: datetime, *, zone: tzinfo, quiet_start: int, quiet_end: int) -> datetime:
    """The next working-day morning at or after `now` in `zone`, as an aware UTC datetime.

    09:00 local, or the end of quiet hours when 09:00 is quiet; computed on the local calendar
    so a DST change moves the UTC time, never the local one.
    """
    morning = MORNING
    if is_quiet(MORNING.hour, start=quiet_start, end=quiet_end):
        morning = time(quiet_end % 24, 0)
    day = now.astimezone(zone).date()
    while True:
        at = datetime.combine(day, morning, tzinfo=zone)
        if day.weekday() in WORKING_DAYS and at >= now:
            return at.astimezone(UTC)
        day += timedelta(days=1)


def at_work(now: datetime, *, zone: tzinfo, quiet_start: int, quiet_end: int) -> bool:
    """Whether it is a working day outside quiet hours in `zone` at `now`."""
    local = now.astimezone(zone)
    return local.weekday() in WORKING_DAYS and not is_quiet(
        local.hour, start=quiet_start, end=quiet_end
    )


def reminder_day(meeting_on: date) -> date:
    """LEAD_WORKING_DAYS working days before the meeting: a Monday's is the Thursday before."""
    day, left = meeting_on, LEAD_WORKING_DAYS
    while left:
        day -= timedelta(days=1)
        if day.weekday() in WORKING_DAYS:
            left -= 1
    return day
