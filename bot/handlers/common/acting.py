"""One unit of work per listener step: the right transaction around the service call, and a
service's refusal turned into the listener's answer.

Listeners open no session themselves. `unit` runs `work(session)` in one transaction: a
`session_scope` (it may write; BEGIN IMMEDIATE on SQLite) unless it is declared read-only,
then a `read_scope`, which waits for no writer and in which the database refuses a write.
`read` is the cheapest read, for the one every request makes before its ack: one statement
on a pooled connection, in a transaction of its own, without an ORM session.
`act` is `unit` for a step a service may refuse (NotAllowed): the transaction rolls back,
`refused()` answers the person, and `act` returns None.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Connection
from sqlmodel import Session

from bot.db import read_scope, session_scope
from bot.deps import deps_of
from bot.services import NotAllowed

T = TypeVar("T")


def unit(context: Any, work: Callable[[Session], T], *, read_only: bool = False) -> T:
    """`work` in this request's database, committed when it returns, rolled back if it raises."""
    engine = deps_of(context).engine
    with read_scope(engine) if read_only else session_scope(engine) as session:
        return work(session)


def read(context: Any, work: Callable[[Connection], T]) -> T:
    """`work` on a connection of this request's database; it must only read."""
    with deps_of(context).engine.connect() as connection:
        return work(connection)


def act(
    context: Any,
    work: Callable[[Session], T],
    *,
    refused: Callable[[], object] = lambda: None,
    read_only: bool = False,
) -> T | None:
    """`unit(context, work)`; None after `refused()` when a service said NotAllowed.

    `work` must not return None itself: None means refused.
    """
    try:
        return unit(context, work, read_only=read_only)
    except NotAllowed:
        refused()
        return None
