"""Read back what the app saved: rows of the tables the tests check."""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.models import ActionItem, Conversation, Person


def conversation_rows(engine: Engine) -> list[Conversation]:
    with Session(engine) as session:
        return list(session.exec(select(Conversation)))


def items(engine: Engine) -> list[ActionItem]:
    with Session(engine) as session:
        return list(session.exec(select(ActionItem).order_by(ActionItem.id)))  # type: ignore[arg-type]


def planned_day(engine: Engine, person: int) -> date | None:
    with Session(engine) as session:
        return (session.get(Person, person) or Person()).planned_on
