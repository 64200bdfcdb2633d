"""An org CSV as the `career-bot org import` tests write it, and the people it leaves."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.cli import main
from bot.models import Person, Team

HEADER = "email,manager_email,team\n"


def org_people(engine: Engine) -> dict[str, tuple[str | None, str | None, str | None]]:
    """email -> (manager's email, team name, Slack id), as the database holds them."""
    with Session(engine) as session:
        people = session.exec(select(Person)).all()
        teams = {t.id: t.name for t in session.exec(select(Team)).all()}
        by_id = {p.id: p for p in people}
        return {
            p.email or "": (
                by_id[p.manager_id].email if p.manager_id else None,
                teams.get(p.team_id) if p.team_id else None,
                p.slack_user_id,
            )
            for p in people
        }


def left_people(engine: Engine) -> set[str]:
    with Session(engine) as session:
        people = session.exec(select(Person).where(col(Person.left_at).is_not(None))).all()
        return {p.email or "" for p in people}


def import_org(csv_file: Path, text: str, *extra: str) -> int:
    csv_file.write_text(text, encoding="utf-8")
    return main(["org", "import", str(csv_file), *extra])
