"""A person's own settings: manager (unless the org CSV sets it), mentors, cadence, pauses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, delete

from bot.models import CADENCE_DAYS, Mentorship, Person, Workspace
from bot.services.org.handover import manager_changed
from bot.services.org.people import find_person, mentors_of, person_in
from bot.shapes.org import MAX_MENTORS, Ask, CurrentSettings, SettingsProblem
from bot.timing import is_zone_name

CADENCE_BY_DAYS = {days: name for name, days in CADENCE_DAYS.items()}


@dataclass(frozen=True)
class SettingsForm:
    """What the settings modal submitted, as Slack user ids and plain values."""

    manager_user_id: str | None
    mentor_user_ids: list[str]
    cadence: str
    paused_until: date | None
    tz_override: str | None


def current_settings(*, session: Session, person: Person) -> CurrentSettings:
    workspace = session.get(Workspace, person.workspace_id)
    assert workspace is not None
    manager = session.get(Person, person.manager_id) if person.manager_id else None
    days = person.cadence_days or workspace.default_cadence_days
    return CurrentSettings(
        manager_user_id=manager.slack_user_id if manager else None,
        manager_from_directory=person.manager_source == "csv",
        mentor_user_ids=[m.slack_user_id for m in mentors_of(session=session, person=person)],
        cadence=CADENCE_BY_DAYS.get(days, "quarterly"),
        paused_until=person.paused_until,
        tz_override=person.tz_override,
    )


def problems(
    *, session: Session, person: Person, form: SettingsForm, today: date
) -> dict[str, SettingsProblem]:
    """Field name -> what is wrong, for every field that cannot be saved as it is."""
    errors: dict[str, SettingsProblem] = {}
    if form.manager_user_id == person.slack_user_id:
        errors["manager"] = SettingsProblem.OWN_MANAGER
    elif form.manager_user_id and _reports_to(session, person, form.manager_user_id):
        errors["manager"] = SettingsProblem.MANAGER_REPORTS_TO_YOU
    if person.slack_user_id in form.mentor_user_ids:
        errors["mentors"] = SettingsProblem.OWN_MENTOR
    elif len(form.mentor_user_ids) > MAX_MENTORS:
        errors["mentors"] = SettingsProblem.TOO_MANY_MENTORS
    if form.cadence not in CADENCE_DAYS:
        errors["cadence"] = SettingsProblem.NO_CADENCE
    if form.paused_until and form.paused_until <= today:
        errors["paused_until"] = SettingsProblem.PAUSE_NOT_AHEAD
    if form.tz_override and not _is_time_zone(form.tz_override):
        errors["tz_override"] = SettingsProblem.NOT_A_ZONE
    return errors


def save(*, session: Session, person: Person, form: SettingsForm, now: datetime, ask: Ask) -> None:
    """Store the settings; the caller has checked `problems` is empty.

    A new manager owes the person a question (`handover`), in the words `ask` builds.
    """
    workspace = session.get(Workspace, person.workspace_id)
    assert workspace is not None and person.id is not None
    if person.manager_source != "csv":
        manager = _person(session, workspace, form.manager_user_id, now)
        old_manager_id = person.manager_id
        person.manager_id = manager.id if manager else None
        person.manager_source = "settings" if manager else None
        manager_changed(
            session=session,
            person=person,
            old_manager_id=old_manager_id,
            new_manager_id=person.manager_id,
            now=now,
            ask=ask,
        )
    person.cadence_days = CADENCE_DAYS[form.cadence]
    person.paused_until = form.paused_until
    person.tz_override = form.tz_override
    session.add(person)
    session.execute(delete(Mentorship).where(col(Mentorship.person_id) == person.id))
    for user_id in dict.fromkeys(form.mentor_user_ids):
        mentor = _person(session, workspace, user_id, now)
        assert mentor is not None and mentor.id is not None
        session.add(Mentorship(person_id=person.id, mentor_id=mentor.id, created_at=now))
    session.flush()


def _person(
    session: Session, workspace: Workspace, user_id: str | None, now: datetime
) -> Person | None:
    if not user_id:
        return None
    assert workspace.id is not None
    return person_in(session=session, workspace_id=workspace.id, slack_user_id=user_id, now=now)


def _reports_to(session: Session, person: Person, candidate_user_id: str) -> bool:
    """True when the candidate is somewhere below `person` in the reporting lines."""
    candidate = find_person(
        session=session, workspace_id=person.workspace_id, slack_user_id=candidate_user_id
    )
    seen: set[int] = set()
    while candidate is not None and candidate.manager_id and candidate.id not in seen:
        if candidate.manager_id == person.id:
            return True
        seen.add(candidate.id or 0)
        candidate = session.get(Person, candidate.manager_id)
    return False


def _is_time_zone(name: str) -> bool:
    # Region/City names only (and UTC): the list also holds legacy aliases such as "EST".
    return is_zone_name(name) and ("/" in name or name == "UTC")
