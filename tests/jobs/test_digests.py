"""The `digests` job: what a weekly digest of numbers to a team's channel says, and to whom."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, delete, update

from bot.config import Settings
from bot.db import session_scope
from bot.models import (
    Delivery,
    Person,
    Team,
)
from bot.services.nudges.digests import Figures, LapsedPair, digests, due_teams
from tests.support.digest_org import (
    CHANNEL,
    LEAD,
    NOW,
    add_member,
    make_org,
    run_job,
)
from tests.support.digest_team import (
    NINE_NEW_YORK,
    days_ago,
    digest_rows,
    realistic_org,
    utc,
)
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.blockkit import check_message_blocks
from tests.support.fakeslack.fixtures import MANAGER


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

    # Three members reach the minimum: figures (the notice's later weeks: test_digests_small).
    add_member(engine, org, "U0MEMBERC", joined=joined)
    with session_scope(engine) as session:
        session.execute(delete(Delivery))
    run_job("digests", engine, settings, NOW)
    (row,) = digest_rows(engine)
    assert "1 of 3 within their cadence" in row.payload["text"]


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
