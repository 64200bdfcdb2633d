"""Sending a calendar invite (.ics) for a career conversation into someone's DM.

Used by the recap's "Add to calendar" and by a lapse reminder's "Schedule it": the same event
at 10:00 in the viewer's own zone, with both people as attendees (names and emails from
Slack where we store none).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.replies import INVITE_EVENT_DESCRIPTION, INVITE_EVENT_TITLE, INVITE_TITLE
from bot.models import Person
from bot.services.conversations.calendar import Attendee, invite
from bot.services.org.zones import zone_of
from bot.slack.client import outbox_twin


def upload_invite(
    client: WebClient,
    *,
    channel: str,
    viewer: Person,
    people: tuple[Person, Person],
    on: date,
    conversation_id: int,
    comment: str,
    now: datetime,
    uid: str | None = None,
) -> None:
    """Upload the .ics for a conversation of `people` on `on`, in `viewer`'s zone, to `channel`."""
    profiles = {p.slack_user_id: _profile(client, p) for p in people}
    attendees = [_attendee(p, profiles[p.slack_user_id]) for p in people]
    ics = invite(
        conversation_id=conversation_id,
        on=on,
        zone=zone_of(viewer, fallback=profiles[viewer.slack_user_id].get("tz")),
        attendees=attendees,
        now=now,
        title=INVITE_EVENT_TITLE.format(names=" & ".join(a.name for a in attendees)),
        description=INVITE_EVENT_DESCRIPTION,
        uid=uid,
    )
    # Tried once: the request client would upload again after a lost answer, and Slack would
    # then share the invite twice; a person who got none can click again.
    outbox_twin(client).files_upload_v2(
        channel=channel,
        content=ics,
        filename=f"career-conversation-{on.isoformat()}.ics",
        title=INVITE_TITLE,
        initial_comment=comment,
    )


def _profile(client: WebClient, person: Person) -> dict[str, Any]:
    """Name, email and time zone from Slack; what we store wins, Slack fills the gaps."""
    try:
        user = client.users_info(user=person.slack_user_id)["user"]
    except SlackApiError:
        return {}
    profile = user.get("profile") or {}
    return {
        "name": user.get("real_name") or profile.get("real_name") or user.get("name"),
        "email": profile.get("email"),
        "tz": user.get("tz"),
    }


def _attendee(person: Person, profile: dict[str, Any]) -> Attendee:
    return Attendee(
        slack_user_id=person.slack_user_id,
        name=str(profile.get("name") or person.slack_user_id),
        email=person.email or profile.get("email"),
    )
