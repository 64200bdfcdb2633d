"""After `/career-prep delete`, no byte of the database still holds the person.

test_delete checks that no row names Ada; this reads what is left underneath the rows: the
SQLite files themselves (the main file, `-wal` and `-shm`) as raw bytes, and on Postgres every
row of every table as text. The outbox holds what the bot really sends, built by its own
message builders: a handover introduction carrying Ada's goals, shared notes and next steps,
recap copies, lapse DMs about her and a digest naming her.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, select

from bot.blocks.handover import intro_message
from bot.blocks.ids import DataRights as Ids
from bot.blocks.lapse import lapse_message
from bot.blocks.recap import recap_message
from bot.db import session_scope
from bot.models import ActionItem, Delivery, Handover, Person
from bot.services.conversations import recaps
from bot.services.nudges.lapses import Lapse, period_of
from bot.services.org.handover import INTRO_KIND
from bot.services.org.handover_contents import passed_on
from bot.services.privacy.erase import erase
from bot.shapes.privacy import FORMER_COLLEAGUE
from tests.support.app_server import AppServer
from tests.support.databases import Database
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER
from tests.support.fakeslack.server import RESPONSE_URL
from tests.support.privacy_record import (
    ADA_EMAIL,
    ADA_TYPED,
    Seeded,
    ask_to_delete,
    delete_button,
    rows_naming,
    seed_record,
)
from tests.support.slack_ui import click
from tests.support.world import NOW

ADA_NEXT_STEP = "ADA-NEXT-step-open-6e"  # open, so the handover introduction lists it
# What must be gone: her Slack id, her email and every word she typed (each value's first
# word is unique to her; the rest may be escaped for Slack in a message).
# What her Slack status said (away, until when, seen when): two days no other row holds.
AWAY_UNTIL = datetime(2031, 7, 13, 12, 0, tzinfo=UTC)
AWAY_SEEN = datetime(2031, 7, 6, 12, 0, tzinfo=UTC)
AWAY_NEEDLES = ["2031-07-13", "2031-07-06"]
NEEDLES = [
    EMPLOYEE,
    ADA_EMAIL,
    ADA_NEXT_STEP,
    *AWAY_NEEDLES,
    *(v.split()[0] for v in ADA_TYPED.values()),
]


def test_no_byte_of_the_database_holds_ada_after_she_deletes_her_record(
    app_server: AppServer, database: Database
) -> None:
    engine = database.engine
    seeded = seed_record(engine)
    sent = _messages_about_ada(engine, seeded)
    before = _found(database)
    assert before != {}, "the check must see Ada before the delete"
    for needle in AWAY_NEEDLES:  # her away verdict is there to be erased
        assert any(needle in counts for counts in before.values()), needle
    for needle in (ADA_TYPED["goal"], ADA_TYPED["shared"], ADA_NEXT_STEP, EMPLOYEE):
        assert needle.split()[0] in sent, needle  # the outbox really carried her words

    click(app_server, Ids.DELETE_CONFIRM, delete_button(ask_to_delete(app_server))["value"])
    (answer,) = app_server.fake.wait_for(RESPONSE_URL)
    assert "Your career record is erased" in answer.args["text"]

    left = _found(database)
    assert left == {}, f"Ada is still in the database after her delete: {left}"
    _eves_recap_is_kept_without_ada(engine, seeded)


def _eves_recap_is_kept_without_ada(engine: Engine, seeded: Seeded) -> None:
    """Eve's copy, still to be sent, keeps her words and loses Ada's; the intro about Ada went."""
    with Session(engine) as session:
        rows = session.exec(select(Delivery).where(Delivery.recipient == STRANGER)).all()
    (copy,) = rows
    assert (copy.kind, copy.period_key, copy.state) == (
        recaps.KIND,
        str(seeded.mentoring_conversation),
        "pending",
    )
    shown = json.dumps(copy.payload)
    assert "Eve reads" in shown and "Eve's plan for the cipher team" in shown
    assert FORMER_COLLEAGUE in shown  # the owner of the next step that was Ada's


def _found(database: Database) -> dict[str, dict[str, int]]:
    """Where each needle still is: file (SQLite) or table (Postgres) -> needle -> count."""
    if database.kind == "sqlite":
        return _in_files(database.url)
    found: dict[str, dict[str, int]] = {}
    for table, row in rows_naming(database.engine, NEEDLES):
        for needle in NEEDLES:
            if needle.lower() in row.lower():
                counts = found.setdefault(table, {})
                counts[needle] = counts.get(needle, 0) + row.lower().count(needle.lower())
    return found


def _in_files(url: str) -> dict[str, dict[str, int]]:
    main = Path(make_url(url).database or "")
    found: dict[str, dict[str, int]] = {}
    for path in (main, Path(f"{main}-wal"), Path(f"{main}-shm")):
        raw = path.read_bytes().lower() if path.exists() else b""
        counts = {n: raw.count(n.lower().encode()) for n in NEEDLES}
        if any(counts.values()):
            found[path.name] = {n: c for n, c in counts.items() if c}
    return found


def _messages_about_ada(engine: Engine, seeded: Seeded) -> str:
    """Owe and send what the bot sends about Ada, each built by its real builder.

    Returns every payload as text, so the test can check they carry her words.
    """
    with session_scope(engine) as session:
        ada = session.get(Person, seeded.ada)
        assert ada is not None
        workspace_id = ada.workspace_id
        ada.away, ada.away_until, ada.away_seen_at = True, AWAY_UNTIL, AWAY_SEEN
        session.add(ada)
        session.add(
            ActionItem(
                conversation_id=seeded.own_conversation,
                owner_id=seeded.ada,
                body=ADA_NEXT_STEP,
                created_at=NOW,
            )
        )
        # Ada moved to Eve as her manager and passed everything on: the introduction Eve got.
        handover = Handover(
            person_id=seeded.ada,
            old_manager_id=seeded.grace,
            new_manager_id=seeded.eve,
            share_goals=True,
            share_recap=True,
            share_items=True,
            asked_at=NOW + timedelta(minutes=1),
            answered_at=NOW + timedelta(minutes=2),
        )
        session.add(handover)
        session.flush()
        rows: list[tuple[str, str, str, tuple[str, list[dict[str, Any]]]]] = [
            (
                STRANGER,
                INTRO_KIND,
                str(handover.id),
                intro_message(passed_on(session=session, handover=handover)),
            )
        ]
        # Both copies of both recaps: hers with Grace, and Eve's where Ada was the mentor.
        for conversation_id in (seeded.own_conversation, seeded.mentoring_conversation):
            recap = recaps.recap_of(session=session, conversation_id=conversation_id)
            for user in recap.recipients:
                message = recap_message(recap, recipient_user_id=user)
                rows.append((user, recaps.KIND, str(conversation_id), message))
        lapse = Lapse(
            workspace_id=workspace_id,
            report_id=seeded.ada,
            report_user_id=EMPLOYEE,
            manager_id=seeded.grace,
            manager_user_id=MANAGER,
            manager_zone=UTC,
            days_since=91,
            last_on=None,
            quiet_hours_start=18,
            quiet_hours_end=9,
        )
        for weeks in (2, 3):
            key = period_of(seeded.ada, NOW + timedelta(weeks=weeks), UTC)
            rows.append((MANAGER, "lapse", key, lapse_message(lapse)))
        for recipient, kind, key, (text, blocks) in rows:
            # The seeded recap copy to Ada becomes the real one.
            row = session.exec(
                select(Delivery).where(
                    Delivery.recipient == recipient,
                    Delivery.kind == kind,
                    Delivery.period_key == key,
                )
            ).first() or Delivery(
                workspace_id=workspace_id,
                recipient=recipient,
                kind=kind,
                period_key=key,
                not_before=NOW,
                created_at=NOW,
            )
            row.payload = {"text": text, "blocks": blocks}
            row.state, row.attempts, row.sent_at = "sent", 1, NOW
            if (recipient, kind) == (STRANGER, recaps.KIND):
                row.state, row.attempts, row.sent_at = "pending", 0, None  # not sent yet
            row.slack_channel = f"D0{recipient[2:]}"
            row.slack_ts = f"{NOW.timestamp():.6f}"
            session.add(row)
    with Session(engine) as session:
        return " ".join(str(d.payload) for d in session.exec(select(Delivery)).all())


def test_her_words_go_from_a_kept_message_however_they_were_escaped_or_split(
    engine: Engine,
) -> None:
    """A next step with mrkdwn characters and two lines, in Eve's recap that is still owed."""
    seeded = seed_record(engine)
    typed = "ADA-MULTI-first-8a <b> & co\nADA-MULTI-second-9b > quoted"
    with session_scope(engine) as session:
        session.add(
            ActionItem(
                conversation_id=seeded.mentoring_conversation,
                owner_id=seeded.ada,
                body=typed,
                created_at=NOW,
            )
        )
        session.flush()
        recap = recaps.recap_of(session=session, conversation_id=seeded.mentoring_conversation)
        text, blocks = recap_message(recap, recipient_user_id=STRANGER)
        owed = Delivery(
            workspace_id=(session.get(Person, seeded.eve) or Person()).workspace_id,
            recipient=STRANGER,
            kind=recaps.KIND,
            period_key=str(seeded.mentoring_conversation),
            payload={"text": text, "blocks": blocks},
            not_before=NOW,
            created_at=NOW,
        )
        session.add(owed)
    assert "ADA-MULTI-first-8a &lt;b&gt; &amp; co" in json.dumps(owed.payload)

    with session_scope(engine, immediate=True) as session:
        erase(session=session, actor_id=seeded.ada, person_id=seeded.ada, now=NOW)
    with Session(engine) as session:
        kept = session.get(Delivery, owed.id)
    assert kept is not None and kept.state == "pending"  # Eve still gets her recap
    shown = json.dumps(kept.payload)
    assert "ADA-MULTI" not in shown and EMPLOYEE not in shown, shown
    assert "Eve reads" in shown and FORMER_COLLEAGUE in shown
