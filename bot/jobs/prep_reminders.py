"""The `prep-reminders` job: owe both people a reminder before their scheduled conversation.

Idempotent: the outbox key is (recipient, "prep-reminder", pair + meeting date), so running
twice, on every replica, or late after downtime owes each reminder once; a date moved is a new
reminder, and the pending one for the old date is withdrawn (so is one for a pair that paused,
left, or met in the meantime).
"""

from __future__ import annotations

from bot.blocks.followup import prep_reminder_message
from bot.db import session_scope
from bot.jobs.context import JobContext
from bot.outbox.enqueue import Outgoing, enqueue_many, withdraw_pending
from bot.services.prep.reminders import DuePrep, prep_reminders_due

KIND = "prep-reminder"


def run(context: JobContext) -> dict[str, int]:
    now = context.clock()
    with session_scope(context.engine) as session:
        due = prep_reminders_due(session=session, now=now)
        owed = enqueue_many(session=session, messages=[_reminder(d) for d in due], now=now)
        still = {(d.meeting.pair.workspace_id, d.recipient.user_id, d.period_key) for d in due}
        withdrawn = withdraw_pending(session=session, kind=KIND, keep=lambda *key: key in still)
    return {"due": len(due), "owed": owed, "withdrawn": withdrawn}


def _reminder(due: DuePrep) -> Outgoing:
    pair = due.meeting.pair
    text, blocks = prep_reminder_message(
        employee_user_id=pair.employee.user_id,
        partner_user_id=pair.partner.user_id,
        employee_person_id=pair.employee.person_id,
        partner_person_id=pair.partner.person_id,
        next_on=due.meeting.on,
        recipient_user_id=due.recipient.user_id,
    )
    return Outgoing(
        workspace_id=pair.workspace_id,
        recipient=due.recipient.user_id,
        kind=KIND,
        period_key=due.period_key,
        text=text,
        not_before=due.at,
        blocks=blocks,
    )
