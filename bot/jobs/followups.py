"""The `followups` job: owe both people of a conversation its follow-ups between meetings.

Idempotent: the outbox key is (recipient, "followup", conversation id + follow-up number), so
running twice, on every replica, or late after downtime owes each follow-up once. Keys already
in the outbox are looked up first (one query per PRECHECK_CHUNK due messages), so the content,
one `followup_of` per conversation, is built only for follow-ups not owed yet. A pending
follow-up no longer owed (a newer conversation was logged, everything got done, someone
paused or left) is withdrawn before it is sent.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select as select_columns
from sqlalchemy import tuple_
from sqlmodel import Session, col

from bot.blocks.followup import followup_message
from bot.db import session_scope
from bot.jobs.context import JobContext
from bot.models import Delivery
from bot.outbox.enqueue import Outgoing, enqueue_many, withdraw_pending
from bot.services.conversations.followup_plan import DueFollowUp, followups_due
from bot.services.conversations.followups import followup_of

KIND = "followup"
PRECHECK_CHUNK = 500  # 2,000 bound parameters a query: far below SQLite's and Postgres' caps

Key = tuple[int, str, str]  # workspace id, recipient, period key


def run(context: JobContext) -> dict[str, int]:
    now = context.clock()
    with session_scope(context.engine) as session:
        due = followups_due(session=session, now=now)
        owed_already = _owed_already(session, [_key(d) for d in due])
        messages = _messages(session, [d for d in due if _key(d) not in owed_already])
        owed = enqueue_many(session=session, messages=messages, now=now)
        still = {_key(d) for d in due}
        withdrawn = withdraw_pending(session=session, kind=KIND, keep=lambda *key: key in still)
    return {"due": len(due), "owed": owed, "withdrawn": withdrawn}


def _key(due: DueFollowUp) -> Key:
    return due.latest.pair.workspace_id, due.recipient.user_id, due.period_key


def _owed_already(session: Session, keys: list[Key]) -> set[Key]:
    """Which of these follow-ups the outbox already holds, in any state."""
    found: set[Key] = set()
    columns = (
        col(Delivery.workspace_id),
        col(Delivery.recipient),
        col(Delivery.kind),
        col(Delivery.period_key),
    )
    for start in range(0, len(keys), PRECHECK_CHUNK):
        chunk = keys[start : start + PRECHECK_CHUNK]
        rows = session.execute(
            select_columns(*columns[:2], columns[3]).where(
                tuple_(*columns).in_([(*key[:2], KIND, key[2]) for key in chunk])
            )
        ).all()
        found.update((workspace_id, recipient, key) for workspace_id, recipient, key in rows)
    return found


def _messages(session: Session, due: list[DueFollowUp]) -> list[Outgoing]:
    """One follow-up per recipient; each conversation's content read once."""
    by_conversation: dict[int, list[DueFollowUp]] = defaultdict(list)
    for owed in due:
        by_conversation[owed.latest.conversation_id].append(owed)
    messages = []
    for conversation_id, recipients in by_conversation.items():
        followup = followup_of(
            session=session,
            conversation_id=conversation_id,
            today=min(d.at.astimezone(d.recipient.zone).date() for d in recipients),
        )
        if not followup.items and not followup.goals:
            continue
        for owed in recipients:
            text, blocks = followup_message(followup, recipient_user_id=owed.recipient.user_id)
            messages.append(
                Outgoing(
                    workspace_id=owed.latest.pair.workspace_id,
                    recipient=owed.recipient.user_id,
                    kind=KIND,
                    period_key=owed.period_key,
                    text=text,
                    not_before=owed.at,
                    blocks=blocks,
                )
            )
    return messages
