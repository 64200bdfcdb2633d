"""The `retention` job: conversations older than the workspace keeps them are forgotten, and
event ids older than Slack retries them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from apscheduler.triggers.cron import CronTrigger
from freezegun import freeze_time
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.cli import main
from bot.config import Settings
from bot.db import session_scope
from bot.jobs import JobContext, all_jobs, build_scheduler, job_named
from bot.models import (
    ActionItem,
    Conversation,
    Delivery,
    PrivateNote,
    Skill,
    SkillRating,
)
from bot.services.privacy.forget import retention_cutoff
from bot.services.workspaces.events import EVENTS_KEPT, first_sighting
from bot.services.workspaces.registry import ensure_workspace
from tests.support.factories import add_person
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
OLD = date(2025, 10, 19)  # thirteen months before NOW
ON_THE_LINE = date(2025, 11, 20)  # exactly twelve months before: kept
RECENT = date(2026, 1, 5)


def _workspace(session: Session, team: str, months: int | None) -> tuple[int, int, int]:
    """A workspace keeping `months` months, with an employee and a manager; their ids."""
    workspace = ensure_workspace(session=session, slack_team_id=team, now=NOW)
    workspace.retention_months = months
    session.add(workspace)
    session.flush()
    assert workspace.id is not None
    people = [add_person(session, user, slack_team=team, now=NOW) for user in (EMPLOYEE, MANAGER)]
    return workspace.id, people[0].id or 0, people[1].id or 0


def _conversation(session: Session, ids: tuple[int, int, int], held_on: date) -> int:
    """A conversation with both private notes, an item, a rating taken in it, a recap copy."""
    workspace_id, employee, manager = ids
    conversation = Conversation(
        workspace_id=workspace_id,
        employee_id=employee,
        partner_id=manager,
        held_on=held_on,
        logged_by_id=manager,
        created_at=NOW,
        updated_at=NOW,
    )
    session.add(conversation)
    session.flush()
    cid = conversation.id or 0
    skill = session.exec(select(Skill).where(Skill.person_id == employee)).first()
    if skill is None:
        skill = Skill(person_id=employee, name="Public speaking", options=["a", "b", "c"])
        session.add(skill)
        session.flush()
    session.add_all(
        [
            PrivateNote(conversation_id=cid, author_id=employee, body=f"mine {held_on}"),
            PrivateNote(conversation_id=cid, author_id=manager, body=f"theirs {held_on}"),
            ActionItem(conversation_id=cid, owner_id=employee, body="Step", created_at=NOW),
            SkillRating(
                skill_id=skill.id or 0,
                rated_by_id=employee,
                rating=5,
                rated_on=held_on,
                conversation_id=cid,
            ),
            *(
                Delivery(
                    workspace_id=workspace_id,
                    recipient=EMPLOYEE,
                    kind=kind,
                    period_key=key,
                    payload={"conversation_id": cid},
                    state="sent",
                    not_before=NOW,
                    created_at=NOW,
                )
                for kind, key in (("recap", str(cid)), ("followup", f"{cid}:1"))
            ),
        ]
    )
    return cid


def _seed(engine: Engine, months: int | None = 12) -> dict[str, int]:
    with session_scope(engine) as session:
        kept = _workspace(session, "T0TEST0001", months)
        forever = _workspace(session, "T0OTHER001", None)
        return {
            "old": _conversation(session, kept, OLD),
            "on_the_line": _conversation(session, kept, ON_THE_LINE),
            "recent": _conversation(session, kept, RECENT),
            "old_elsewhere": _conversation(session, forever, OLD),
        }


def _run(engine: Engine, settings: Settings, at: datetime = NOW) -> dict[str, int]:
    job = job_named("retention")
    assert job is not None and job.run is not None
    with freeze_time(at):
        return job.run(JobContext(settings=settings, engine=engine, clock=lambda: at))


def _conversations(engine: Engine) -> set[int]:
    with Session(engine) as session:
        return {c for c in session.exec(select(Conversation.id)).all() if c is not None}


def test_conversations_older_than_the_setting_go_with_their_notes_items_and_recaps(
    engine: Engine, settings: Settings
) -> None:
    ids = _seed(engine)
    assert _run(engine, settings) == {"workspaces": 1, "purged": 1, "events_forgotten": 0}
    assert _conversations(engine) == {ids["on_the_line"], ids["recent"], ids["old_elsewhere"]}
    with Session(engine) as session:
        conversation_ids = {
            *session.exec(select(PrivateNote.conversation_id)).all(),
            *session.exec(select(ActionItem.conversation_id)).all(),
        }
        keys = session.exec(select(Delivery.kind, Delivery.period_key)).all()
        ratings = session.exec(select(SkillRating).order_by(col(SkillRating.id))).all()
    assert ids["old"] not in conversation_ids and len(conversation_ids) == 3
    kept = {ids[k] for k in ("on_the_line", "recent", "old_elsewhere")}
    assert sorted(keys) == sorted(
        [("recap", str(i)) for i in kept] + [("followup", f"{i}:1") for i in kept]
    )
    # The rating itself stays in the skill's trend; only its link to the conversation goes.
    assert len(ratings) == 4
    assert [r.conversation_id for r in ratings if r.rated_on == OLD].count(None) == 1


def test_running_twice_at_the_same_time_purges_once(engine: Engine, settings: Settings) -> None:
    _seed(engine)
    assert _run(engine, settings)["purged"] == 1
    assert _run(engine, settings)["purged"] == 0
    assert len(_conversations(engine)) == 3


def test_without_a_setting_everything_is_kept(engine: Engine, settings: Settings) -> None:
    ids = _seed(engine, months=None)
    assert _run(engine, settings) == {"workspaces": 0, "purged": 0, "events_forgotten": 0}
    assert _conversations(engine) == set(ids.values())


def test_a_day_later_the_conversation_on_the_line_goes_too(
    engine: Engine, settings: Settings
) -> None:
    ids = _seed(engine)
    _run(engine, settings)
    assert _run(engine, settings, datetime(2026, 11, 21, 0, 1, tzinfo=UTC))["purged"] == 1
    assert _conversations(engine) == {ids["recent"], ids["old_elsewhere"]}


def test_a_first_sweep_over_years_of_conversations_purges_them_all(
    engine: Engine, settings: Settings
) -> None:
    with session_scope(engine) as session:
        workspace_id, employee, manager = _workspace(session, "T0TEST0001", 1)
        session.add_all(
            Conversation(
                workspace_id=workspace_id,
                employee_id=employee,
                partner_id=manager,
                held_on=OLD - timedelta(days=day),
                logged_by_id=manager,
                created_at=NOW,
                updated_at=NOW,
            )
            for day in range(1201)  # more than one statement's batch of ids
        )
    assert _run(engine, settings) == {"workspaces": 1, "purged": 1201, "events_forgotten": 0}
    assert _conversations(engine) == set()


def test_the_cutoff_counts_calendar_months_and_clamps_short_months() -> None:
    assert retention_cutoff(months=12, today=date(2026, 11, 20)) == date(2025, 11, 20)
    assert retention_cutoff(months=1, today=date(2026, 3, 31)) == date(2026, 2, 28)
    assert retention_cutoff(months=25, today=date(2026, 1, 15)) == date(2023, 12, 15)


def test_career_bot_jobs_run_retention_prints_its_counts(
    slack_env: Settings, engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    _seed(engine)
    with freeze_time(NOW):
        assert main(["jobs", "run", "retention"]) == 0
    assert capsys.readouterr().out == "retention: 1 workspaces, 1 purged, 0 events forgotten\n"
    assert len(_conversations(engine)) == 3


def test_the_scheduler_runs_retention_daily_and_once_at_start(
    settings: Settings, engine: Engine
) -> None:
    scheduler = build_scheduler(all_jobs(), JobContext(settings, engine))
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert {"retention", "retention-at-start"} <= set(jobs)
    trigger = jobs["retention"].trigger
    assert isinstance(trigger, CronTrigger) and str(trigger.timezone) == "UTC"
    assert str(trigger.fields[trigger.FIELD_NAMES.index("hour")]) == "2"


def test_the_job_also_forgets_event_ids_older_than_slacks_retries(
    engine: Engine, settings: Settings
) -> None:
    with session_scope(engine) as session:
        for event_id, age in (("Ev1", EVENTS_KEPT + timedelta(hours=1)), ("Ev2", timedelta(0))):
            first_sighting(session=session, slack_team_id="T1", event_id=event_id, now=NOW - age)
    assert _run(engine, settings)["events_forgotten"] == 1
    assert _run(engine, settings)["events_forgotten"] == 0
    with session_scope(engine) as session:
        assert not first_sighting(session=session, slack_team_id="T1", event_id="Ev2", now=NOW)
