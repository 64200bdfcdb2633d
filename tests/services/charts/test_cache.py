"""The chart cache: one upload per version of a chart's data, even when asked for at once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from bot.db import read_scope, session_scope
from bot.models import ChartFile
from bot.services.charts.cache import CLAIM_TTL, ChartKey, cached_file, ensure_file, forget
from tests.support.factories import add_person
from tests.support.world import NOW


def _key(engine: Engine, data_hash: str = "v1") -> ChartKey:
    with session_scope(engine) as session:
        person = add_person(session)
    return ChartKey(person.workspace_id, "skills", str(person.id), data_hash)


def _rows(engine: Engine) -> list[ChartFile]:
    with read_scope(engine) as session:
        return list(session.exec(select(ChartFile)).all())


def test_the_first_ask_uploads_and_the_next_reuses_the_file(engine: Engine) -> None:
    key = _key(engine)
    uploads: list[str] = []

    def upload() -> str:
        uploads.append("F1")
        return "F1"

    first = ensure_file(engine, key, now=NOW, upload=upload)
    again = ensure_file(engine, key, now=NOW, upload=upload)
    assert (first.file_id, first.uploaded, again.file_id, again.uploaded) == (
        "F1",
        True,
        "F1",
        False,
    )
    assert uploads == ["F1"]
    assert cached_file(engine, key) == "F1"


def test_a_new_version_replaces_the_old_and_names_its_file(engine: Engine) -> None:
    key = _key(engine)
    ensure_file(engine, key, now=NOW, upload=lambda: "F1")
    newer = ChartKey(key.workspace_id, key.kind, key.subject, "v2")
    ensured = ensure_file(engine, newer, now=NOW, upload=lambda: "F2")
    assert (ensured.file_id, ensured.replaced) == ("F2", ["F1"])
    assert [(r.data_hash, r.file_id) for r in _rows(engine)] == [("v2", "F2")]


def test_a_failed_upload_leaves_no_claim_so_the_next_ask_tries_again(engine: Engine) -> None:
    key = _key(engine)
    failed = ensure_file(engine, key, now=NOW, upload=lambda: None)
    assert (failed.file_id, _rows(engine)) == (None, [])
    assert ensure_file(engine, key, now=NOW, upload=lambda: "F1").file_id == "F1"


def test_a_claim_left_by_a_dead_process_is_taken_over_after_its_ttl(engine: Engine) -> None:
    key = _key(engine)

    def die() -> str:
        raise RuntimeError("killed mid-upload")

    with pytest.raises(RuntimeError):
        ensure_file(engine, key, now=NOW, upload=die)
    busy = ensure_file(engine, key, now=NOW + CLAIM_TTL / 2, upload=lambda: "F2")
    assert (busy.file_id, busy.uploaded) == (None, False)
    later = ensure_file(engine, key, now=NOW + CLAIM_TTL * 2, upload=lambda: "F3")
    assert (later.file_id, later.uploaded) == ("F3", True)


def test_many_asking_at_once_upload_the_version_once(engine: Engine) -> None:
    key = _key(engine)
    uploads: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(8)

    def upload() -> str:
        with lock:
            uploads.append(1)
            return f"F{len(uploads)}"

    def ask(_: int) -> str | None:
        start.wait(timeout=10)
        return ensure_file(engine, key, now=NOW, upload=upload).file_id

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(ask, range(8)))
    assert uploads == [1]
    assert set(answers) <= {"F1", None} and "F1" in answers
    assert [(r.data_hash, r.file_id) for r in _rows(engine)] == [("v1", "F1")]


def test_forget_deletes_every_version_and_returns_their_files(engine: Engine) -> None:
    key = _key(engine)
    ensure_file(engine, key, now=NOW, upload=lambda: "F1")
    with session_scope(engine) as session:
        gone = forget(session, workspace_id=key.workspace_id, kind=key.kind, subject=key.subject)
    assert (gone, _rows(engine)) == (["F1"], [])
