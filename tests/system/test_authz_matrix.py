"""The authorization matrix: every registered listener against every hostile kind of actor.

The rows (tests/support/authz_matrix.py; what they send, tests/support/authz_requests.py) are
keyed by what the app registers (tests/support/hostile_app.py records each handler module's
`register(app)` and checks the count against Bolt's own list), so a new listener without a row
fails `test_every_registered_listener_has_a_row`.

The victim is Ada. Her manager changed from Grace to Linus a day ago and she has not answered
the handover question yet. Mo, her former mentor, erased his record. Each actor sends, signed
through the real HTTP entry, a request naming one of Ada's records (ids in button values or
private_metadata) and we check: no 5xx and no error apology, none of Ada's rows changed, and
none of her distinctive strings reached the actor (any Slack call, upload or HTTP answer).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from bot.blocks.replies import SORRY
from tests.support import hostile_app as hostile
from tests.support.authz_matrix import MATRIX
from tests.support.authz_world import (
    ADA_ITEM,
    GOAL,
    GRACE_ITEM,
    MENTOR,
    MENTOR_NOTES,
    NEW,
    NOTES,
    PREP,
    PRIVATE,
    SKILL,
    TEAM,
    Actor,
    seed,
)
from tests.support.databases import DATABASES
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER
from tests.support.hostile_app import (
    Change,
    SettledServer,
    bolt_listener_count,
    changes,
    registered_listeners,
    snapshot,
)

settled_server = hostile.settled_server  # the fixture, for this module's tests

OTHER_TEAM = "T0OTHER0001"

# Ada's distinctive strings (support/authz_world.py): none may reach any of the actors below.
CANARIES = (GOAL, SKILL, NOTES, MENTOR_NOTES, PRIVATE, ADA_ITEM, GRACE_ITEM, PREP)


ACTORS = (
    Actor("stranger", TEAM, STRANGER),
    # Another workspace's person who has Ada's very Slack id: ids are per workspace here.
    Actor("other_workspace", OTHER_TEAM, EMPLOYEE),
    Actor("former_manager", TEAM, MANAGER),
    Actor("new_manager_unanswered", TEAM, NEW),
    Actor("erased_person", TEAM, MENTOR),
)


# Cells that fail on defects other helpers of issue 10 own (xfail there, strict).
KNOWN: dict[tuple[str, str], str] = {}


def test_every_registered_listener_has_a_row(settings: Any, engine: Engine) -> None:
    listeners = registered_listeners()
    assert len(listeners) == len(set(listeners)), "a listener registered twice"
    assert len(listeners) == bolt_listener_count(settings, engine), (
        "Bolt has listeners that were not registered through the methods recorded here"
    )
    missing = sorted(set(listeners) - MATRIX.keys())
    stale = sorted(MATRIX.keys() - set(listeners))
    assert not missing, f"listeners without a row in the authorization matrix: {missing}"
    assert not stale, f"rows for listeners that no longer exist: {stale}"


def _leaks(server: SettledServer, since: int, uploads: set[str], answer: bytes) -> list[str]:
    seen = [json.dumps(call.args, default=str) for call in server.fake.calls[since:]]
    seen += [
        repr(upload.get("content", b""))
        for key, upload in server.fake.uploads.items()
        if key not in uploads
    ]
    seen.append(answer.decode(errors="replace"))
    return sorted({c for c in CANARIES for text in seen if c in text})


def _foreign(change: Change, actor: Actor, after: dict[str, Any]) -> bool:
    """A change to something that is not the actor's own (nor another workspace's)."""
    row = change.row
    if change.table == "processedevent":
        return False
    workspaces = after["workspace"].values()
    ours = {w["id"] for w in workspaces if w["slack_team_id"] == actor.team}
    if actor.team != TEAM and (
        (change.table == "workspace" and row.get("id") in ours) or row.get("workspace_id") in ours
    ):
        return False
    me = {
        p["id"]
        for p in after["person"].values()
        if p["slack_user_id"] == actor.user and p["workspace_id"] in ours
    }
    if change.table == "person" and row.get("id") in me:
        return False
    if change.table == "delivery":  # a message to the actor themselves (their guide DM, say)
        return not (row.get("recipient") == actor.user and row.get("workspace_id") in ours)
    return row.get("person_id") not in me


def _cells() -> list[Any]:
    """Every listener on SQLite; on Postgres too when it carries ids (its SQL decides)."""
    return [
        pytest.param(kind, key, id=f"{kind}-{key[0]}:{key[1]}")
        for key in sorted(MATRIX)
        for kind in DATABASES
        if kind == "sqlite" or not MATRIX[key].targets.startswith("not applicable")
    ]


@pytest.mark.parametrize(("database", "listener"), _cells(), indirect=["database"])
def test_no_hostile_actor_gets_or_changes_anything_of_adas(
    settled_server: SettledServer, engine: Engine, listener: tuple[str, str]
) -> None:
    if listener in KNOWN:
        pytest.xfail(KNOWN[listener])
    row = MATRIX[listener]
    settled_server.fake.add_user(NEW, email="linus@example.com", name="linus")
    settled_server.fake.add_user(MENTOR, email="mo@example.com", name="mo")
    world = seed(engine)
    failures: list[str] = []
    for actor in ACTORS:
        since, uploads = len(settled_server.fake.calls), set(settled_server.fake.uploads)
        before = snapshot(engine)
        status, _, answer = settled_server.post(row.build(world, actor, settled_server))
        settled_server.settle()
        after = snapshot(engine)
        cell = f"{listener[1]} x {actor.kind}"
        if status >= 500:
            failures.append(f"{cell}: HTTP {status}")
        if any(SORRY in json.dumps(c.args) for c in settled_server.fake.calls[since:]):
            failures.append(f"{cell}: the listener failed (the apology was sent)")
        field_error = b'"response_action": "errors"' in answer
        if field_error and actor.kind not in row.field_error_refuses:
            failures.append(f"{cell}: stopped by a field error, not by authorization")
        leaked = _leaks(settled_server, since, uploads, answer)
        if leaked:
            failures.append(f"{cell}: Ada's data reached the actor: {leaked}")
        if actor.kind not in row.allowed:
            written = [c for c in changes(before, after) if _foreign(c, actor, after)]
            if written:
                failures.append(
                    f"{cell}: changed {[(c.table, c.before, c.after) for c in written]}"
                )
    settled_server.fake.take_violations()
    assert not failures, "\n".join(failures)
