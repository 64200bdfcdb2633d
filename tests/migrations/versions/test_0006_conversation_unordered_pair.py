"""Migration 0006 on a database holding one pair's day twice, the roles swapped (SQLite, Postgres).

Before 0006 the key was the ordered pair, so such rows exist; the upgrade folds them into the
first logged one and nobody's text, note, next step or rating is lost.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from bot.db import make_engine
from bot.schema import _config, head_revision, upgrade

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
HELD = date(2026, 11, 1)


def _to(engine_url: str, revision: str, seed: str | None = None) -> None:
    engine = make_engine(engine_url)
    try:
        config = _config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def _insert(connection: Connection, table: str, **values: object) -> int:
    names = ", ".join(values)
    marks = ", ".join(f":{name}" for name in values)
    row = connection.execute(
        text(f"INSERT INTO {table} ({names}) VALUES ({marks}) RETURNING id"), values
    ).one()
    return int(row[0])


def _conversation(
    connection: Connection, ws: int, employee: int, partner: int, **extra: object
) -> int:
    return _insert(
        connection,
        "conversation",
        workspace_id=ws,
        employee_id=employee,
        partner_id=partner,
        held_on=HELD,
        kind=extra.pop("kind", "manager"),
        shared_notes=extra.pop("shared_notes", ""),
        follow_up="none",
        next_on=extra.pop("next_on", None),
        logged_by_id=employee,
        created_at=NOW,
        updated_at=NOW,
    )


def test_upgrade_folds_a_swapped_pair_day_into_one_row_keeping_everyones_text(
    blank_url: str,
) -> None:
    _to(blank_url, "0005")
    engine = make_engine(blank_url)
    try:
        with engine.begin() as c:
            ws = _insert(
                c,
                "workspace",
                slack_team_id="T1",
                default_cadence_days=90,
                quiet_hours_start=18,
                quiet_hours_end=9,
                digest_weekday=0,
                digest_hour=9,
                min_group_size=3,
                weekly_nudge_cap=3,
                installed_at=NOW,
            )
            people = [
                _insert(
                    c, "person", workspace_id=ws, slack_user_id=u, is_admin=False, joined_at=NOW
                )
                for u in ("U1", "U2", "U3")
            ]
            ada, grace, peer = people
            first = _conversation(c, ws, ada, grace, shared_notes="Ada's notes")
            second = _conversation(
                c, ws, grace, ada, shared_notes="Grace's notes", next_on=date(2027, 2, 1)
            )
            untouched = _conversation(c, ws, ada, peer, shared_notes="Peers")
            for conversation, author, body in (
                (first, ada, "Ada private 1"),
                (second, ada, "Ada private 2"),
                (second, grace, "Grace private"),
            ):
                _insert(c, "privatenote", conversation_id=conversation, author_id=author, body=body)
            steps = [
                _insert(
                    c,
                    "actionitem",
                    conversation_id=conversation,
                    owner_id=owner,
                    body=body,
                    created_at=NOW,
                )
                for conversation, owner, body in (
                    (first, ada, "Ada's step"),
                    (second, grace, "Grace's step"),
                    (second, ada, "Ada's step from Grace"),
                )
            ]
            skill = _insert(
                c,
                "skill",
                person_id=ada,
                name="Talks",
                ten_looks_like="",
                options="[]",
                approach="",
            )
            _insert(
                c,
                "skillrating",
                skill_id=skill,
                rated_by_id=grace,
                rating=6,
                rated_on=HELD,
                conversation_id=second,
            )
            for recipient, key in (("U1", str(second)), ("U2", str(first)), ("U1", f"{second}:1")):
                _insert(
                    c,
                    "delivery",
                    workspace_id=ws,
                    recipient=recipient,
                    kind="recap" if ":" not in key else "followup",
                    period_key=key,
                    payload="{}",
                    state="sent",
                    not_before=NOW,
                    attempts=1,
                    created_at=NOW,
                )
    finally:
        engine.dispose()

    # The rest of the way as the operator goes: `career-bot db upgrade`, later revisions included.
    engine = make_engine(blank_url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()

    engine = make_engine(blank_url)
    try:
        with engine.begin() as c:
            rows = c.execute(
                text(
                    "SELECT id, shared_notes, next_on, pair_low, pair_high FROM conversation "
                    "ORDER BY id"
                )
            ).all()
            assert [(r.id, r.pair_low, r.pair_high) for r in rows] == [
                (first, ada, grace),
                (untouched, ada, peer),
            ]
            assert rows[0].shared_notes == "Ada's notes\n\nGrace's notes"
            assert rows[0].next_on in (date(2027, 2, 1), "2027-02-01")
            assert rows[1].shared_notes == "Peers"
            notes = c.execute(
                text("SELECT conversation_id, author_id, body FROM privatenote ORDER BY author_id")
            ).all()
            assert [tuple(n) for n in notes] == [
                (first, ada, "Ada private 1\n\nAda private 2"),
                (first, grace, "Grace private"),
            ]
            moved = c.execute(text("SELECT id, conversation_id FROM actionitem ORDER BY id")).all()
            assert [tuple(m) for m in moved] == [(step, first) for step in steps]
            (rated,) = c.execute(text("SELECT conversation_id FROM skillrating")).scalars()
            assert rated == first
            keys = c.execute(text("SELECT period_key FROM delivery")).scalars().all()
            assert keys == [str(first)]
            # The new key holds whichever way round the pair comes next.
            with pytest.raises(IntegrityError), c.begin_nested():
                _conversation(c, ws, grace, ada)
    finally:
        engine.dispose()


def test_downgrade_and_upgrade_again(blank_url: str) -> None:
    _to(blank_url, "head")
    engine = make_engine(blank_url)
    try:
        config = _config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0005")
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        with engine.connect() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert version == head_revision()
    finally:
        engine.dispose()
