"""Out of office: whether a Slack status says someone is away, and remembering only that.

A status says away when its emoji is one of `AWAY_EMOJI`, when its text holds one of the
workspace's away words (whole words, any case: "on leave" is away, "leaves early" is not), or
when it expires in the future. The verdict is taken when the status is read, with the words
the workspace has then, and only the verdict is kept (`Person.away`, `Person.away_until`):
never the status text or emoji. The outbox holds nudges on it (`bot.outbox.away`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from sqlmodel import Session, col, select

from bot.models import Person, Workspace
from bot.outbox.away import bring_forward

AWAY_EMOJI = frozenset(
    {
        "palm_tree",
        "desert_island",
        "beach_with_umbrella",
        "airplane",
        "airplane_departure",
        "face_with_thermometer",
        "thermometer",
        "sneezing_face",
        "nauseated_face",
        "face_with_head_bandage",
        "hospital",
    }
)
DEFAULT_WORDS = (
    "vacation",
    "vacationing",
    "OOO",
    "out of office",
    "leave",
    "holiday",
    "holidays",
)
MAX_WORDS = 20
MAX_WORD_LENGTH = 40
_WORD = re.compile(r"^\w[\w'.\- ]*$")
_SEPARATORS = re.compile(r"[,\n]")
_EMOJI = re.compile(r":([^:\s]+):")


@dataclass(frozen=True)
class Away:
    """The verdict on one status: away or not, and until when if the status expires."""

    away: bool
    until: datetime | None = None


def judge(*, emoji: str, text: str, expiration: int, words: tuple[str, ...], now: datetime) -> Away:
    """What this status says; `expiration` is Slack's Unix time, 0 for none."""
    expires = datetime.fromtimestamp(expiration, UTC) if expiration > 0 else None
    if expires is not None and expires <= now:
        return Away(False)  # over already; Slack clears it any moment
    named = _EMOJI.match(emoji.strip())
    away = (
        expires is not None
        or (named is not None and named.group(1).lower() in AWAY_EMOJI)
        or (bool(words) and _pattern(words).search(text) is not None)
    )
    return Away(away, expires if away else None)


def words_of(workspace: Workspace) -> tuple[str, ...]:
    """The workspace's away words: its own, else the defaults."""
    if workspace.away_words is None:
        return DEFAULT_WORDS
    return tuple(word for word in workspace.away_words.split("\n") if word)


def shown_words(workspace: Workspace) -> str:
    """The words as the admin modal shows them: comma-separated."""
    return ", ".join(words_of(workspace))


def read_words(raw: str | None) -> tuple[str, ...] | None:
    """The words an admin typed (comma- or line-separated), each once; None when one is bad.

    Bad: longer than MAX_WORD_LENGTH, or more than letters, digits, spaces, hyphens,
    apostrophes and dots; or more than MAX_WORDS of them. Empty is no words.
    """
    found: list[str] = []
    seen: set[str] = set()
    for part in _SEPARATORS.split(raw or ""):
        word = " ".join(part.split())
        if not word:
            continue
        if len(word) > MAX_WORD_LENGTH or not _WORD.match(word):
            return None
        if word.casefold() not in seen:
            seen.add(word.casefold())
            found.append(word)
    return tuple(found) if len(found) <= MAX_WORDS else None


def stored_words(words: tuple[str, ...]) -> str:
    return "\n".join(words)


def remember_status(
    *,
    session: Session,
    person: Person,
    emoji: str,
    text: str,
    expiration: int,
    now: datetime,
    seen_at: datetime | None = None,
) -> Away | None:
    """Judge what Slack said at `seen_at` (default `now`) with the workspace's words, keep the
    verdict, and let nudges held for an earlier verdict go as soon as the new one allows.

    None: Slack said something newer already (events can arrive out of order).
    """
    seen_at = seen_at or now
    if person.away_seen_at is not None and _utc(person.away_seen_at) > seen_at:
        return None
    workspace = session.get(Workspace, person.workspace_id)
    words = words_of(workspace) if workspace is not None else DEFAULT_WORDS
    verdict = judge(emoji=emoji, text=text, expiration=expiration, words=words, now=now)
    person.away, person.away_until, person.away_seen_at = verdict.away, verdict.until, seen_at
    session.add(person)
    session.flush()
    bring_forward(session=session, person=person, now=now)
    return verdict


def status_changed(
    *,
    session: Session,
    slack_team_id: str,
    slack_user_id: str,
    emoji: str,
    text: str,
    expiration: int,
    now: datetime,
    seen_at: datetime | None = None,
) -> bool:
    """A known person's status changed (`user_change` at `seen_at`); strangers are ignored."""
    person = session.exec(
        select(Person)
        .join(Workspace, col(Workspace.id) == col(Person.workspace_id))
        .where(Workspace.slack_team_id == slack_team_id, Person.slack_user_id == slack_user_id)
        .with_for_update(of=Person)  # concurrent events for one person: one after the other
        .execution_options(populate_existing=True)  # and each reads what the last one wrote
    ).first()
    if person is None:
        return False
    remember_status(
        session=session,
        person=person,
        emoji=emoji,
        text=text,
        expiration=expiration,
        now=now,
        seen_at=seen_at,
    )
    return True


@lru_cache(maxsize=64)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """Any of `words` as a whole word or phrase, in any case, however spaced."""
    spelled = (r"\s+".join(re.escape(part) for part in word.split()) for word in words)
    return re.compile(r"(?<!\w)(?:" + "|".join(spelled) + r")(?!\w)", re.IGNORECASE)


def _utc(at: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)
