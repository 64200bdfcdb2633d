"""Workspace settings that only admins change: cadence, quiet hours, digest, limits, admins,
the words that mean away in a Slack status.

Who counts as an admin is decided here from what the caller read from Slack just now
(`is_admin` / `is_owner` of the acting user) plus our own list (`Person.is_admin`).
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlmodel import Session, col, select

from bot.models import CADENCE_DAYS, Person, Workspace
from bot.services.org import away
from bot.services.org.teams import ensure_person
from bot.shapes.workspaces import (
    MAX_ADMINS,
    MAX_MIN_GROUP,
    MAX_NUDGE_CAP,
    MAX_RETENTION_MONTHS,
    AdminProblem,
)
from bot.shapes.workspaces import AdminSettings as AdminSettings  # the form `save` takes

CADENCE_BY_DAYS = {days: name for name, days in CADENCE_DAYS.items()}
# The largest value of each field that has one, for the words of its problem.
LIMITS = {
    "min_group_size": MAX_MIN_GROUP,
    "weekly_nudge_cap": MAX_NUDGE_CAP,
    "retention_months": MAX_RETENTION_MONTHS,
    "admins": MAX_ADMINS,
    "away_words": away.MAX_WORDS,
    "away_words_length": away.MAX_WORD_LENGTH,
}
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,31}$")


def may_administer(person: Person, *, slack_admin: bool) -> bool:
    """Slack's workspace admins and owners (`slack_admin`), and the people on our own list."""
    return slack_admin or (person.is_admin and person.left_at is None)


def current(*, session: Session, admin: Person) -> AdminSettings:
    """The settings of the admin's own workspace, as the modal shows them."""
    workspace = _workspace_of(session, admin)
    days = workspace.default_cadence_days
    retention = workspace.retention_months
    return AdminSettings(
        cadence=CADENCE_BY_DAYS.get(days, "quarterly"),
        quiet_start=str(workspace.quiet_hours_start),
        quiet_end=str(workspace.quiet_hours_end),
        digest_weekday=str(workspace.digest_weekday),
        digest_hour=str(workspace.digest_hour),
        min_group_size=str(workspace.min_group_size),
        weekly_nudge_cap=str(workspace.weekly_nudge_cap),
        retention_months=str(retention) if retention is not None else None,
        admin_user_ids=[p.slack_user_id for p in _admins(session, workspace)],
        away_words=away.shown_words(workspace),
    )


def problems(form: AdminSettings) -> dict[str, AdminProblem]:
    """Field name -> what is wrong, for every field that cannot be saved as it is."""
    errors: dict[str, AdminProblem] = {}
    if form.cadence not in CADENCE_DAYS:
        errors["cadence"] = AdminProblem.NO_CADENCE
    for name, value in (
        ("quiet_start", form.quiet_start),
        ("quiet_end", form.quiet_end),
        ("digest_hour", form.digest_hour),
    ):
        if _whole(value, 0, 23) is None:
            errors[name] = AdminProblem.NOT_AN_HOUR
    if _whole(form.digest_weekday, 0, 6) is None:
        errors["digest_weekday"] = AdminProblem.NO_WEEKDAY
    if _whole(form.min_group_size, 1, MAX_MIN_GROUP) is None:
        errors["min_group_size"] = AdminProblem.GROUP_SIZE
    if _whole(form.weekly_nudge_cap, 1, MAX_NUDGE_CAP) is None:
        errors["weekly_nudge_cap"] = AdminProblem.NUDGE_CAP
    if form.retention_months and _whole(form.retention_months, 1, MAX_RETENTION_MONTHS) is None:
        errors["retention_months"] = AdminProblem.RETENTION
    if not all(_USER_ID.match(user_id) for user_id in form.admin_user_ids):
        errors["admins"] = AdminProblem.NOT_PEOPLE
    elif len(set(form.admin_user_ids)) > MAX_ADMINS:
        errors["admins"] = AdminProblem.TOO_MANY_ADMINS
    if away.read_words(form.away_words) is None:
        errors["away_words"] = AdminProblem.AWAY_WORDS
    return errors


def save(*, session: Session, admin: Person, form: AdminSettings, now: datetime) -> None:
    """Store the settings of the admin's own workspace; the caller has checked both the actor
    and `problems(form)`."""
    workspace = _workspace_of(session, admin)
    workspace.default_cadence_days = CADENCE_DAYS[form.cadence]
    workspace.quiet_hours_start = _number(form.quiet_start)
    workspace.quiet_hours_end = _number(form.quiet_end)
    workspace.digest_weekday = _number(form.digest_weekday)
    workspace.digest_hour = _number(form.digest_hour)
    workspace.min_group_size = _number(form.min_group_size)
    workspace.weekly_nudge_cap = _number(form.weekly_nudge_cap)
    workspace.retention_months = _number(form.retention_months) if form.retention_months else None
    words = away.read_words(form.away_words)
    assert words is not None, "save() after problems() found none"
    workspace.away_words = away.stored_words(words)
    session.add(workspace)
    chosen = set(form.admin_user_ids)
    for person in _admins(session, workspace):
        if person.slack_user_id not in chosen:
            person.is_admin = False
            session.add(person)
    for user_id in sorted(chosen):
        person = ensure_person(session=session, workspace=workspace, slack_user_id=user_id, now=now)
        person.is_admin = True
        session.add(person)
    session.flush()


def _admins(session: Session, workspace: Workspace) -> list[Person]:
    return list(
        session.exec(
            select(Person)
            .where(Person.workspace_id == workspace.id, col(Person.is_admin).is_(True))
            .order_by(col(Person.id))
        )
    )


def _whole(raw: str | None, low: int, high: int) -> int | None:
    """The whole number `raw` spells when it lies in [low, high]; None otherwise."""
    text = (raw or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 4:
        return None
    value = int(text)
    return value if low <= value <= high else None


def _number(raw: str | None) -> int:
    value = _whole(raw, 0, 10_000)
    assert value is not None, "save() after problems() found none"
    return value


def _workspace_of(session: Session, person: Person) -> Workspace:
    workspace = session.get(Workspace, person.workspace_id)
    assert workspace is not None
    return workspace
