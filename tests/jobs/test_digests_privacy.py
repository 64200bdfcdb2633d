"""The `digests` job: no private or written content ever reaches Slack, only numbers."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import delete, update

from bot.config import Settings
from bot.db import session_scope
from bot.models import (
    Delivery,
    Prep,
    PrivateNote,
    Skill,
    SkillRating,
)
from tests.support.digest_org import (
    CHANNEL,
    NOW,
    Org,
    conversation,
    run_job,
)
from tests.support.digest_team import (
    NINE_NEW_YORK,
    days_ago,
    digest_rows,
    goal,
    item,
    realistic_org,
)
from tests.support.fakeslack import FakeSlack

CANARY = "CANARY7f3q"


def _plant_canaries(engine: Engine, org: Org, rating: int) -> None:
    """Private and shared content on every member's record, each piece marked with CANARY."""
    with session_scope(engine) as session:
        for n, person_id in enumerate(org.members.values()):
            mark = f"{CANARY}-{n}"
            session.add(
                Prep(
                    person_id=person_id,
                    partner_id=org.manager_id,
                    answers={"energised": f"{mark}-prep", "grow": f"{mark}-prep2"},
                    shared=n % 2 == 0,
                    submitted_at=NOW - timedelta(days=2),
                    created_at=NOW - timedelta(days=3),
                    updated_at=NOW - timedelta(days=2),
                )
            )
            talk = conversation(
                org, person_id, days_ago(1 + n), shared_notes=f"{mark}-shared-notes"
            )
            session.add(talk)
            session.flush()
            assert talk.id is not None
            session.add(
                PrivateNote(
                    conversation_id=talk.id, author_id=org.manager_id, body=f"{mark}-private"
                )
            )
            session.add(
                PrivateNote(conversation_id=talk.id, author_id=person_id, body=f"{mark}-own")
            )
            skill = Skill(
                person_id=person_id,
                name=f"{mark}-skill",
                ten_looks_like=f"{mark}-ten",
                options=[f"{mark}-option"],
                approach=f"{mark}-approach",
                target_6m=rating,
            )
            session.add(skill)
            session.flush()
            assert skill.id is not None
            session.add(
                SkillRating(
                    skill_id=skill.id, rated_by_id=person_id, rating=rating, rated_on=days_ago(1)
                )
            )
            new_goal = goal(person_id, NOW - timedelta(days=1), title=f"{mark}-goal")
            new_goal.relevant, new_goal.experiment = f"{mark}-relevant", f"{mark}-experiment"
            new_goal.aspiration, new_goal.learning = f"{mark}-aspiration", f"{mark}-learning"
            session.add(new_goal)
            session.add(item(talk.id, person_id, NOW - timedelta(days=1), body=f"{mark}-item"))


def test_no_private_or_written_content_ever_reaches_slack(
    engine: Engine, settings: Settings, fake_slack: FakeSlack
) -> None:
    org = realistic_org(engine)
    _plant_canaries(engine, org, rating=7)
    fake_slack.add_channel(CHANNEL)
    run_job("digests", engine, settings, NOW)
    assert run_job("deliver", engine, settings, NINE_NEW_YORK)["sent"] == 1
    (posted,) = fake_slack.calls_to("chat.postMessage")
    assert posted.args["channel"] == CHANNEL
    recorded = json.dumps([(call.method, call.args, call.response) for call in fake_slack.calls])
    assert "Platform" in recorded  # the digest itself did go out
    assert CANARY not in recorded
    (first,) = digest_rows(engine)

    # Ratings are numbers, so no string canary can catch them: change every rating and target
    # and the digest planned at the same moment must be exactly the same.
    with session_scope(engine) as session:
        session.execute(update(SkillRating).values(rating=2))
        session.execute(update(Skill).values(target_6m=9, target_12m=10))
        session.execute(delete(Delivery))
    run_job("digests", engine, settings, NOW)
    (second,) = digest_rows(engine)
    assert second.payload == first.payload
