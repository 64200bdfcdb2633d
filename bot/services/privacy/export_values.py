"""How the exported record writes its values: dates as ISO text, people as Slack user ids."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from bot.models import Person

Record = dict[str, Any]


def when(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


class Names:
    """Slack user ids of the people a record mentions, looked up once each."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._cache: dict[int, str | None] = {}

    def __call__(self, person_id: int | None) -> str | None:
        if person_id is None:
            return None
        if person_id not in self._cache:
            person = self._session.get(Person, person_id)
            self._cache[person_id] = person.slack_user_id if person else None
        return self._cache[person_id]
