"""`/career-prep prep` drafts: closing keeps one, reopening resumes it, going back keeps a step."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager

from sqlalchemy import insert
from sqlalchemy.engine import Engine, make_url

from bot.blocks.ids import Prep as Ids
from bot.models import Prep
from tests.support import slack_requests
from tests.support.app_server import AppServer
from tests.support.databases import Database
from tests.support.fakeslack.fixtures import EMPLOYEE
from tests.support.prep_modal import (
    NOW,
    STEP_1,
    TEAM,
    add_people,
    close_prep,
    field_of,
    open_prep,
    preps_of,
    state_of,
    submit_step,
)

# ---- drafts ---------------------------------------------------------------------------------


def test_closing_keeps_a_draft_and_reopening_resumes_it(
    app_server: AppServer, engine: Engine
) -> None:
    people = add_people(engine)
    view = open_prep(app_server)
    close_prep(app_server, view, {"feeling": "Half-written thought", "direction": "pivot"})
    (draft,) = preps_of(engine, people[EMPLOYEE])
    assert draft.submitted_at is None
    assert draft.answers == {"feeling": "Half-written thought", "direction": "pivot"}

    again = open_prep(app_server)
    assert json.loads(again["private_metadata"]) == {"prep": draft.id, "step": 1}
    assert field_of(again, "feeling")["initial_value"] == "Half-written thought"
    assert field_of(again, "direction")["initial_option"]["value"] == "pivot"

    second = submit_step(app_server, again, {**STEP_1, "feeling": "Now finished"})["view"]
    close_prep(app_server, second, {"improve": "Delegating"})
    (draft,) = preps_of(engine, people[EMPLOYEE])  # still one draft
    assert draft.answers["feeling"] == "Now finished" and draft.answers["improve"] == "Delegating"
    assert app_server.fake.calls_to("chat.postMessage") == []


@contextmanager
def _draft_saving_held(database: Database, person_id: int) -> Iterator[None]:
    """Another transaction holds what saving this person's draft needs, until the block ends:
    SQLite's write lock, or on Postgres an uncommitted draft of theirs (one draft per person).
    """
    if database.kind == "sqlite":
        other = sqlite3.connect(str(make_url(database.url).database), isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()
        return
    with database.engine.connect() as connection:
        connection.execute(
            insert(Prep).values(person_id=person_id, answers={}, created_at=NOW, updated_at=NOW)
        )
        try:
            yield
        finally:
            connection.rollback()


def test_closing_is_answered_only_once_the_draft_is_saved(
    app_server: AppServer, engine: Engine, database: Database
) -> None:
    # The close used to be acknowledged first and saved after: reopening at once (or reading
    # the database, as the test above does) could miss the draft.
    people = add_people(engine)
    view = open_prep(app_server)
    with ThreadPoolExecutor(max_workers=1) as pool:
        with _draft_saving_held(database, people[EMPLOYEE]):
            closing = pool.submit(close_prep, app_server, view, {"feeling": "Typed, then closed"})
            # While the draft cannot be saved, Slack must not hear that it was: a bounded wait
            # for an answer that must not come (it comes at once when the ack goes first).
            wait([closing], timeout=1)
            answered_while_unsaved = closing.done()
        closing.result(timeout=10)
    assert not answered_while_unsaved
    (draft,) = preps_of(engine, people[EMPLOYEE])
    assert draft.answers == {"feeling": "Typed, then closed"}


def test_opening_and_closing_without_typing_leaves_no_draft(
    app_server: AppServer, engine: Engine
) -> None:
    people = add_people(engine)
    close_prep(app_server, open_prep(app_server), {})
    assert preps_of(engine, people[EMPLOYEE]) == []


def test_back_keeps_this_step_and_shows_the_previous_one(
    app_server: AppServer, engine: Engine
) -> None:
    people = add_people(engine)
    view = open_prep(app_server)
    second = submit_step(app_server, view, STEP_1)["view"]
    shown = slack_requests.view_object(
        view["id"],
        team_id=TEAM,
        callback_id=second["callback_id"],
        private_metadata=second["private_metadata"],
        values=state_of({"improve": "Typed before going back"}),
    )
    shown["hash"] = view["hash"]
    body = slack_requests.block_actions(
        user_id=EMPLOYEE,
        team_id=TEAM,
        action_id=Ids.BACK,
        block_id=Ids.BACK,
        trigger_id=app_server.fake.issue_trigger_id(view_id=view["id"]),
        view=shown,
    )
    status, _, _ = app_server.post(body)
    assert status == 200
    (call,) = app_server.fake.wait_for("views.update")
    assert call.ok, call.error
    assert json.loads(call.args["view"]["private_metadata"])["step"] == 1
    assert field_of(call.args["view"], "feeling")["initial_value"] == STEP_1["feeling"]
    (draft,) = preps_of(engine, people[EMPLOYEE])
    assert draft.answers["improve"] == "Typed before going back"
