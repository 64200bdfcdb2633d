"""What erasing would remove, and how an erased person is stored and named: a stand-in user
id that names nobody."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Preview:
    """What the confirmation tells the person before anything is erased."""

    preps: int
    goals: int
    skills: int
    conversations: int
    reports: int
    teams_led: int


TOMBSTONE_PREFIX = "deleted-"
FORMER_COLLEAGUE = "a former colleague"  # how an erased person is named to others
ERASED_TEXT = "(erased)"  # what stands where their words were, in a message kept for others


def tombstone(person_id: int) -> str:
    """The stand-in user id of an erased person: unique per workspace, names nobody.

    Lower-case, so it can never be a real Slack id (those are upper-case).
    """
    return f"{TOMBSTONE_PREFIX}{person_id}"


def is_erased(slack_user_id: str) -> bool:
    return slack_user_id.startswith(TOMBSTONE_PREFIX)
