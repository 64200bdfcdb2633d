"""What the outbox keeps of an erased person: nothing of theirs.

An outbox row holds the message as it was (or will be) sent, so a person's words live on in it
after their own rows are gone: the handover introduction lists their goals, shared notes and
next steps, a recap their next steps, a lapse DM or a digest their name. On erase:

- messages to them, and messages that are only about them (lapse reminders about them, the
  introductions of their handovers), go, whatever their state;
- every other message naming them keeps its place (a recap copy is still edited in place, a
  digest still counts) but loses their name, their email and every word they typed.

Their words are found in what they typed (collected by `traces_of` before it is deleted), both
as typed and as escaped for Slack mrkdwn, whole and line by line (a multi-line note is quoted
line by line). A message that names them is found by their Slack id or email, which every
message showing their words carries (recaps and introductions name whose words they are).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Text, cast
from sqlmodel import Session, col, delete, or_, select

from bot.models import (
    ActionItem,
    Conversation,
    Delivery,
    Goal,
    Handover,
    Person,
    Prep,
    PrivateNote,
    Skill,
)
from bot.mrkdwn import escape
from bot.services.org.handover import INTRO_KIND
from bot.services.prep.drafts import TEXT_FIELDS
from bot.shapes.privacy import ERASED_TEXT, FORMER_COLLEAGUE

# The lapse planner's kind (bot.jobs.lapses.KIND; a service may not import a job): its key
# starts with the report's person id.
LAPSE_KIND = "lapse"
# Shorter texts (a skill called "Go") are not words anyone is found by, and replacing them
# would shred the rest of a message.
MIN_TYPED = 3


@dataclass(frozen=True)
class Traces:
    """What identifies a person in a message: their ids and every text they typed."""

    person_id: int
    workspace_id: int
    user: str
    email: str | None
    typed: frozenset[str]
    handovers: frozenset[int]  # their own handovers, whose introductions are about them


def traces_of(*, session: Session, person: Person) -> Traces:
    """Read before anything is deleted: afterwards their words are nowhere to look up."""
    assert person.id is not None
    pid = person.id
    texts: list[object] = []
    for goal in session.exec(select(Goal).where(Goal.person_id == pid)):
        texts += [goal.title, goal.relevant, goal.experiment, goal.aspiration, goal.learning]
    for skill in session.exec(select(Skill).where(Skill.person_id == pid)):
        texts += [skill.name, skill.ten_looks_like, skill.approach, *skill.options]
    for answers in session.exec(select(Prep.answers).where(Prep.person_id == pid)):
        texts += [answers.get(name) for name in TEXT_FIELDS]
    texts += session.exec(select(PrivateNote.body).where(PrivateNote.author_id == pid)).all()
    texts += session.exec(select(ActionItem.body).where(ActionItem.owner_id == pid)).all()
    texts += session.exec(
        select(Conversation.shared_notes).where(Conversation.employee_id == pid)
    ).all()
    handovers = session.exec(select(Handover.id).where(Handover.person_id == pid)).all()
    return Traces(
        person_id=pid,
        workspace_id=person.workspace_id,
        user=person.slack_user_id,
        email=person.email,
        typed=frozenset(_strings(texts)),
        handovers=frozenset(h for h in handovers if h is not None),
    )


def scrub_outbox(*, session: Session, traces: Traces, stand_in: str) -> None:
    """Withdraw what is to or only about them; take them out of every other message."""
    in_workspace = col(Delivery.workspace_id) == traces.workspace_id
    session.execute(
        delete(Delivery).where(
            in_workspace,
            or_(
                col(Delivery.recipient) == traces.user,
                (col(Delivery.kind) == LAPSE_KIND)
                & col(Delivery.period_key).startswith(f"{traces.person_id}:"),
                (col(Delivery.kind) == INTRO_KIND)
                & col(Delivery.period_key).in_([str(h) for h in traces.handovers]),
            ),
        )
    )
    identifiers = [traces.user, *([traces.email] if traces.email else [])]
    payload = cast(col(Delivery.payload), Text)
    naming = session.exec(
        select(Delivery).where(
            in_workspace,
            or_(
                *(payload.contains(i) for i in identifiers),
                col(Delivery.period_key).contains(traces.user),
            ),
        )
    ).all()
    replacements = _replacements(traces, stand_in)
    for row in naming:
        row.payload = _replaced(row.payload, replacements)
        row.period_key = row.period_key.replace(traces.user, stand_in)
        session.add(row)
    session.flush()


def _replacements(traces: Traces, stand_in: str) -> list[tuple[str, str]]:
    """(old, new) pairs, longest first so a text is replaced before any part of it."""
    pairs = {f"<@{traces.user}>": FORMER_COLLEAGUE, traces.user: stand_in}
    if traces.email:
        pairs[traces.email] = stand_in
    for text in traces.typed:
        for form in _forms(text):
            pairs.setdefault(form, ERASED_TEXT)
    return sorted(pairs.items(), key=lambda pair: len(pair[0]), reverse=True)


def _forms(text: str) -> Iterator[str]:
    """How a typed text can appear in a message: as typed or escaped, whole or per line."""
    for piece in (text, *text.splitlines()):
        piece = piece.strip()
        if len(piece) >= MIN_TYPED:
            yield piece
            yield escape(piece)


def _replaced(value: Any, replacements: list[tuple[str, str]]) -> Any:
    if isinstance(value, str):
        for old, new in replacements:
            value = value.replace(old, new)
        return value
    if isinstance(value, list):
        return [_replaced(v, replacements) for v in value]
    if isinstance(value, dict):
        return {k: _replaced(v, replacements) for k, v in value.items()}
    return value


def _strings(values: Iterable[object]) -> Iterator[str]:
    """The texts among these values (a prep answer left empty is None)."""
    return (value for value in values if isinstance(value, str))
