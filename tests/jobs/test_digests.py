"""The `digests` job: a weekly digest of numbers to each team's channel at the lead's hour."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, delete, select, update

from bot.config import Settings
from bot.db import session_scope
from bot.models import (
    ActionItem,
    Conversation,
    Delivery,
    Goal,
    Person,
    Prep,
    PrivateNote,
    Skill,
    SkillRating,
    Team,
    Workspace,
)
from bot.services.nudges.digests import Figures, LapsedPair, digests, due_teams
from tests.support.digest_org import (
    CHANNEL,
    LEAD,
    NOW,
    Org,
    add_member,
    conversation,
    make_org,
    run_job,
)
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.blockkit import check_message_blocks
from tests.support.fakeslack.fixtures import MANAGER

NINE_NEW_YORK = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
TODAY = NOW.date()


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def realistic_org(engine: Engine) -> Org:
    """Seven current members of Platform, one who left, and Grace (not on the team).

    Now: covered A (10 days ago), B (3 days ago), F (30 days ago) → 3 of 7.
    A week ago: covered A, C (88 days then), F; G had not joined → 3 of 6.
    Lapsed: C (95 days), D (never, joined 400 days ago). E is past but has a date this week.
    Due this week (23 to 29 Nov): E's next_on, F's planned_on. A's next_on is next week.
    """
    joined = NOW - timedelta(days=400)
    org = make_org(engine, joined=joined)
    a = add_member(
        engine, org, "U0MEMBERA", joined=joined, met=[days_ago(10)], next_on=days_ago(-7)
    )
    b = add_member(engine, org, "U0MEMBERB", joined=joined, met=[days_ago(100), days_ago(3)])
    c = add_member(engine, org, "U0MEMBERC", joined=joined, met=[days_ago(95)])
    add_member(engine, org, "U0MEMBERD", joined=joined)
    add_member(engine, org, "U0MEMBERE", joined=joined, met=[days_ago(120)], next_on=days_ago(-2))
    add_member(engine, org, "U0MEMBERF", joined=joined, met=[days_ago(30)], planned_on=days_ago(-4))
    add_member(engine, org, "U0MEMBERG", joined=NOW - timedelta(days=5))
    gone = add_member(engine, org, "U0MEMBERH", joined=joined, met=[days_ago(200)])
    with session_scope(engine) as session:
        person = session.get(Person, gone)
        assert person is not None
        person.left_at = NOW - timedelta(days=20)
        session.add(person)
        for owner, ago in [(a, 2), (b, 6), (c, 10), (c, 20), (gone, 1), (org.manager_id, 1)]:
            session.add(goal(owner, NOW - timedelta(days=ago)))
        items: list[tuple[int, int | None]] = [
            (a, 1),
            (a, 2),
            (b, 3),
            (a, 9),
            (b, 15),
            (a, None),
            (gone, 1),
        ]
        conversations = {
            owner: session.exec(
                select(Conversation.id).where(Conversation.employee_id == owner)
            ).first()
            for owner, _ in items
        }
        for owner, days in items:
            done = None if days is None else NOW - timedelta(days=days)
            session.add(item(conversations[owner] or 0, owner, done))
    return org


def goal(person_id: int, created: datetime, title: str = "Lead a design review") -> Goal:
    return Goal(
        person_id=person_id,
        title=title,
        horizon="short",
        target_on=TODAY + timedelta(days=60),
        created_at=created,
        updated_at=created,
    )


def item(
    conversation_id: int, owner_id: int, done: datetime | None, body: str = "Pair"
) -> ActionItem:
    return ActionItem(
        conversation_id=conversation_id, owner_id=owner_id, body=body, done_at=done, created_at=NOW
    )


def digest_rows(engine: Engine, kind: str = "digest") -> list[Delivery]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(Delivery).where(Delivery.kind == kind).order_by(col(Delivery.id))
            ).all()
        )


def utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def test_the_figures_of_a_realistic_team(engine: Engine) -> None:
    org = realistic_org(engine)
    with Session(engine) as session:
        (team,) = due_teams(session=session, now=NOW)
        (digest,) = digests(session=session, now=NOW, teams=[team])
    assert team.period_key == f"{org.team_id}:2026-W48"
    assert digest.figures == Figures(
        members=7,
        covered=3,
        members_before=6,
        covered_before=3,
        lapsed=[
            LapsedPair("U0MEMBERD", MANAGER, 400, ever_met=False),
            LapsedPair("U0MEMBERC", MANAGER, 95, ever_met=True),
        ],
        due_this_week=2,
        goals_set=2,
        goals_set_before=1,
        items_done=3,
        items_done_before=1,
    )


def test_one_digest_lands_in_the_channel_at_nine_in_the_leads_zone(
    engine: Engine, settings: Settings, fake_slack: FakeSlack
) -> None:
    realistic_org(engine)
    fake_slack.add_channel(CHANNEL)
    fake_slack.add_user(LEAD)
    assert run_job("digests", engine, settings, NOW) == {"teams": 1, "owed": 1, "lead_lists": 1}
    assert run_job("digests", engine, settings, NOW) == {"teams": 0, "owed": 0, "lead_lists": 0}
    (row,) = digest_rows(engine)
    assert (row.recipient, row.payload["channel"], row.state) == (CHANNEL, CHANNEL, "pending")
    assert utc(row.not_before) == NINE_NEW_YORK
    assert check_message_blocks(row.payload["blocks"]) == []
    (names,) = digest_rows(engine, kind="digest-lead")
    assert (names.recipient, names.period_key) == (LEAD, row.period_key)
    assert utc(names.not_before) == NINE_NEW_YORK and "channel" not in names.payload
    assert check_message_blocks(names.payload["blocks"]) == []

    assert run_job("deliver", engine, settings, NINE_NEW_YORK - timedelta(minutes=1))["sent"] == 0
    assert run_job("deliver", engine, settings, NINE_NEW_YORK)["sent"] == 2
    assert run_job("digests", engine, settings, NINE_NEW_YORK + timedelta(hours=5))["owed"] == 0
    (message,) = fake_slack.messages(CHANNEL)
    text = "\n".join(b["text"]["text"] for b in message["blocks"] if "text" in b)
    assert "Career conversations: Platform" in text
    assert (
        "*Coverage:* 3 of 7 had a career conversation within their cadence (43%), "
        "down from 3 of 6 (50%) a week ago." in text
    )
    assert "*Due this week:* 2 conversations planned." in text
    assert (
        "*Last 7 days:* 2 goals set (1 the week before) · "
        "3 action items completed (1 the week before)." in text
    )
    # The channel gets how many, never who: nobody is named or pinged there.
    assert "*Past their cadence, nothing planned:* 2 pairs." in text
    assert "<@" not in json.dumps(message)
    assert message["text"].startswith("Career conversations in Platform: 3 of 7 within")
    (dm,) = fake_slack.messages(fake_slack.dm_channel(LEAD))
    listing = "\n".join(b["text"]["text"] for b in dm["blocks"] if "text" in b)
    assert (
        f"• <@U0MEMBERD> with <@{MANAGER}>: no career conversation logged yet\n"
        f"• <@U0MEMBERC> with <@{MANAGER}>: 95 days since their last conversation" in listing
    )
    assert dm["text"] == "Platform: 2 pairs past their cadence, nothing planned."


def test_nothing_is_owed_before_the_hour_comes_near_and_then_once_a_week(
    engine: Engine, settings: Settings
) -> None:
    org = realistic_org(engine)
    assert run_job("digests", engine, settings, NOW - timedelta(hours=1))["owed"] == 0
    assert run_job("digests", engine, settings, NOW)["owed"] == 1
    later_that_week = NOW + timedelta(days=4)
    assert run_job("digests", engine, settings, later_that_week)["owed"] == 0
    assert run_job("digests", engine, settings, NOW + timedelta(days=7))["owed"] == 1
    keys = [row.period_key for row in digest_rows(engine)]
    assert keys == [f"{org.team_id}:2026-W48", f"{org.team_id}:2026-W49"]


def test_teams_without_a_lead_a_channel_or_whose_lead_left_get_none(
    engine: Engine, settings: Settings
) -> None:
    org = realistic_org(engine)
    with session_scope(engine) as session:
        session.execute(update(Team).values(digest_channel=None))
    assert run_job("digests", engine, settings, NOW)["teams"] == 0
    with session_scope(engine) as session:
        session.execute(update(Team).values(digest_channel=CHANNEL, lead_id=None))
    assert run_job("digests", engine, settings, NOW)["teams"] == 0
    with session_scope(engine) as session:
        session.execute(update(Team).values(lead_id=org.lead_id))
        session.execute(update(Person).where(col(Person.id) == org.lead_id).values(left_at=NOW))
    assert run_job("digests", engine, settings, NOW)["teams"] == 0
    assert digest_rows(engine) == []


def test_a_team_smaller_than_the_minimum_gets_no_figures(
    engine: Engine, settings: Settings
) -> None:
    joined = NOW - timedelta(days=400)
    org = make_org(engine, joined=joined)
    add_member(engine, org, "U0MEMBERA", joined=joined, met=[days_ago(5)])
    add_member(engine, org, "U0MEMBERB", joined=joined, met=[days_ago(120)])  # lapsed
    run_job("digests", engine, settings, NOW)
    (row,) = digest_rows(engine)
    assert check_message_blocks(row.payload["blocks"]) == []
    everything = json.dumps(row.payload, ensure_ascii=False)
    assert "fewer than 3 people" in everything
    for figure in ("Coverage", "1 of 2", "U0MEMBERB", "120", "Due this week", "goals"):
        assert figure not in everything

    # A workspace that asks for bigger groups: three members are now too few as well.
    add_member(engine, org, "U0MEMBERC", joined=joined)
    with session_scope(engine) as session:
        session.execute(update(Workspace).values(min_group_size=4))
        session.execute(delete(Delivery))
    run_job("digests", engine, settings, NOW)
    (row,) = digest_rows(engine)
    assert "fewer than 4 people" in row.payload["text"]
    with session_scope(engine) as session:
        session.execute(update(Workspace).values(min_group_size=3))
        session.execute(delete(Delivery))
    run_job("digests", engine, settings, NOW)
    (row,) = digest_rows(engine)
    assert "1 of 3 within their cadence" in row.payload["text"]


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


def test_the_digest_hour_follows_new_york_across_both_dst_changes(
    engine: Engine, settings: Settings
) -> None:
    make_org(engine, joined=datetime(2025, 1, 1, tzinfo=UTC))
    # Clocks spring forward on Sunday 8 Mar 2026 and fall back on Sunday 1 Nov 2026.
    mondays = [
        (datetime(2026, 3, 2, 13, 30, tzinfo=UTC), datetime(2026, 3, 2, 14, 0, tzinfo=UTC)),
        (datetime(2026, 3, 9, 12, 30, tzinfo=UTC), datetime(2026, 3, 9, 13, 0, tzinfo=UTC)),
        (datetime(2026, 10, 26, 12, 30, tzinfo=UTC), datetime(2026, 10, 26, 13, 0, tzinfo=UTC)),
        (datetime(2026, 11, 2, 13, 30, tzinfo=UTC), datetime(2026, 11, 2, 14, 0, tzinfo=UTC)),
    ]
    for half_an_hour_before, nine in mondays:
        assert (
            run_job("digests", engine, settings, half_an_hour_before - timedelta(hours=1))["owed"]
            == 0
        )
        assert run_job("digests", engine, settings, half_an_hour_before)["owed"] == 1
        assert utc(digest_rows(engine)[-1].not_before) == nine
    assert [row.period_key.split(":")[1] for row in digest_rows(engine)] == [
        "2026-W10",
        "2026-W11",
        "2026-W44",
        "2026-W45",
    ]


def test_a_lead_elsewhere_and_a_configured_day_and_hour(engine: Engine, settings: Settings) -> None:
    make_org(engine, joined=datetime(2025, 1, 1, tzinfo=UTC), lead_tz="Asia/Tokyo")
    with session_scope(engine) as session:
        session.execute(update(Workspace).values(digest_weekday=4, digest_hour=16))
    # Friday 27 Nov 2026, 16:00 in Tokyo is 07:00 UTC; a catch-up on Saturday sends at once.
    assert (
        run_job("digests", engine, settings, datetime(2026, 11, 27, 5, 0, tzinfo=UTC))["owed"] == 0
    )
    late = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)
    assert run_job("digests", engine, settings, late)["owed"] == 1
    (row,) = digest_rows(engine)
    assert utc(row.not_before) == late and row.period_key.endswith("2026-W48")


def test_many_lapsed_pairs_are_listed_up_to_a_limit(engine: Engine, settings: Settings) -> None:
    joined = NOW - timedelta(days=400)
    org = make_org(engine, joined=joined)
    for n in range(20):
        add_member(engine, org, f"U0MANY{n:04d}", joined=joined, met=[days_ago(100 + n)])
    run_job("digests", engine, settings, NOW)
    (row,) = digest_rows(engine)
    assert check_message_blocks(row.payload["blocks"]) == []
    channel = json.dumps(row.payload, ensure_ascii=False)
    assert "20 pairs" in channel and "U0MANY" not in channel
    (names,) = digest_rows(engine, kind="digest-lead")
    assert check_message_blocks(names.payload["blocks"]) == []
    text = json.dumps(names.payload, ensure_ascii=False)
    assert text.count("days since their last conversation") == 15
    assert "…and 5 more." in text
    assert "U0MANY0019" in text and "U0MANY0004" not in text  # longest lapsed first


def test_planning_takes_the_same_queries_however_many_teams_and_people(
    engine: Engine, settings: Settings
) -> None:
    def selects_for_a_run(at: datetime) -> int:
        statements: list[str] = []

        def count(*args: object) -> None:
            statements.append(str(args[2]))

        event.listen(engine, "before_cursor_execute", count)
        try:
            assert run_job("digests", engine, settings, at)["owed"] >= 1
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return len([s for s in statements if s.lstrip().upper().startswith("SELECT")])

    org = realistic_org(engine)
    small = selects_for_a_run(NOW)
    joined = NOW - timedelta(days=400)
    with session_scope(engine) as session:
        for n in range(4):
            lead = session.get(Person, org.manager_id)
            assert lead is not None
            session.add(
                Team(
                    workspace_id=org.workspace_id,
                    name=f"Team {n}",
                    lead_id=lead.id,
                    digest_channel=f"C0EXTRA{n:04d}",
                )
            )
    for n in range(30):
        add_member(engine, org, f"U0MORE{n:04d}", joined=joined, met=[days_ago(n * 5)])
    assert selects_for_a_run(NOW + timedelta(days=7)) == small


def test_the_last_hour_of_a_week_still_catches_up_and_plans_the_next(
    engine: Engine, settings: Settings
) -> None:
    org = make_org(engine, joined=datetime(2025, 1, 1, tzinfo=UTC))
    # Monday 00:00 in New York: on Sunday 23:30 the next week's digest is half an hour away.
    with session_scope(engine) as session:
        session.execute(update(Workspace).values(digest_weekday=0, digest_hour=0))
    monday_16 = datetime(2026, 11, 16, 5, 0, tzinfo=UTC)
    sunday_late = datetime(2026, 11, 23, 4, 30, tzinfo=UTC)  # Sunday 22 Nov, 23:30 EST
    assert run_job("digests", engine, settings, monday_16)["owed"] == 1
    assert run_job("digests", engine, settings, sunday_late)["owed"] == 1
    last = digest_rows(engine)[-1]
    assert last.period_key == f"{org.team_id}:2026-W48"
    assert utc(last.not_before) == datetime(2026, 11, 23, 5, 0, tzinfo=UTC)

    # Sunday 23:00 instead, and the bot back only at 23:30: that week's digest goes at once.
    with session_scope(engine) as session:
        session.execute(update(Workspace).values(digest_weekday=6, digest_hour=23))
        session.execute(delete(Delivery))
    assert run_job("digests", engine, settings, sunday_late)["owed"] == 1
    (row,) = digest_rows(engine)
    assert row.period_key == f"{org.team_id}:2026-W47"
    assert utc(row.not_before) == sunday_late
