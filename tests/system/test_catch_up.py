"""Catch-up: the bot down for two weeks over New Year sends what is due once, on return."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.config import Settings
from bot.models import Delivery
from tests.support.digest_org import CHANNEL, LEAD, add_member, make_org, run_job
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.fixtures import MANAGER

PLANNERS = ("lapses", "digests")
# 09:00 in New York (EST) for Grace, the manager, and Lin, the team lead.
MONDAY_21_DEC = datetime(2026, 12, 21, 14, 0, tzinfo=UTC)
LAST_RUN = datetime(2026, 12, 24, 14, 0, tzinfo=UTC)  # Thursday; then the bot is down
BACK = datetime(2027, 1, 7, 14, 0, tzinfo=UTC)  # Thursday, two weeks and a quarter later


def run_everything(engine: Engine, settings: Settings, at: datetime) -> None:
    for name in PLANNERS:
        run_job(name, engine, settings, at)
    run_job("deliver", engine, settings, at)


def sent_keys(engine: Engine) -> list[tuple[str, str]]:
    with Session(engine) as session:
        rows = session.exec(
            select(Delivery.kind, Delivery.period_key).where(Delivery.state == "sent")
        ).all()
    return sorted((kind, key) for kind, key in rows)


def test_two_weeks_down_over_new_year_sends_each_due_message_once(
    engine: Engine, settings: Settings, fake_slack: FakeSlack
) -> None:
    joined = datetime(2025, 6, 1, tzinfo=UTC)
    org = make_org(engine, joined=joined)
    long_lapsed = add_member(engine, org, "U0MEMBERA", joined=joined, met=[date(2026, 9, 20)])
    # 80 days since on the last run, 94 on return: lapsed while the bot was down.
    lapsed_meanwhile = add_member(engine, org, "U0MEMBERB", joined=joined, met=[date(2026, 10, 5)])
    add_member(engine, org, "U0MEMBERC", joined=joined, met=[date(2026, 12, 1)])
    add_member(engine, org, "U0MEMBERD", joined=joined, met=[date(2026, 11, 15)])
    fake_slack.add_channel(CHANNEL)
    fake_slack.add_user(LEAD)
    team = org.team_id

    run_everything(engine, settings, MONDAY_21_DEC)
    run_everything(engine, settings, LAST_RUN)
    before = sent_keys(engine)
    assert before == [
        ("digest", f"{team}:2026-W52"),
        ("digest-lead", f"{team}:2026-W52"),  # the lead's DM naming the one lapsed pair
        ("lapse", f"{long_lapsed}:2026-W52"),
    ]
    posts_before = len(fake_slack.calls_to("chat.postMessage"))
    assert posts_before == 3

    run_everything(engine, settings, BACK)
    # The 2026-W53 digest and reminders were missed while down and are not sent late; this
    # week's are sent once each, right away.
    assert sent_keys(engine) == sorted(
        [
            *before,
            ("digest", f"{team}:2027-W01"),
            ("digest-lead", f"{team}:2027-W01"),
            ("lapse", f"{long_lapsed}:2027-W01"),
            ("lapse", f"{lapsed_meanwhile}:2027-W01"),
        ]
    )
    new_posts = fake_slack.calls_to("chat.postMessage")[posts_before:]
    assert sorted(call.args["channel"] for call in new_posts) == sorted(
        [CHANNEL, MANAGER, MANAGER, LEAD]
    )
    _, digest = fake_slack.messages(CHANNEL)  # the week-52 digest, and this week's
    digest_text = "\n".join(b["text"]["text"] for b in digest["blocks"] if "text" in b)
    assert "*Past their cadence, nothing planned:* 2 pairs." in digest_text
    assert "*Coverage:* 2 of 4" in digest_text
    assert "<@" not in digest_text  # nobody is named, nor pinged, in the channel
    _, names = fake_slack.messages(fake_slack.dm_channel(LEAD))  # week 52's, and this week's
    names_text = "\n".join(b["text"]["text"] for b in names["blocks"] if "text" in b)
    assert "<@U0MEMBERA> with <@U0MANAGER1>: 109 days since" in names_text
    assert "<@U0MEMBERB> with <@U0MANAGER1>: 94 days since" in names_text

    for later in (BACK, BACK + timedelta(minutes=30), BACK + timedelta(hours=6)):
        run_everything(engine, settings, later)
    assert len(fake_slack.calls_to("chat.postMessage")) == posts_before + 4
    with Session(engine) as session:
        assert len(session.exec(select(Delivery)).all()) == 7
