"""A quarter on one Postgres: three replicas' schedulers and three dispatchers side by side.

500 people in 50 teams (leads in three time zones, each managing nine reports whose last
conversation falls further back the further down the list) live through 13 simulated weeks.
Once a working day, at an hour that is a working morning in every zone, every replica runs
the lapse and digest planners at the same moment, as their schedulers would, and then three
dispatchers drain the outbox at once. Whatever the interleaving, each lapsed
pair gets one lapse DM a week and each team one digest a week, and nothing is posted twice.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select, update

from bot.config import Settings
from bot.db import make_engine, session_scope
from bot.jobs import JobContext, job_named
from bot.models import Delivery, Person, Workspace
from bot.outbox.dispatch import drain
from bot.services.workspaces.registry import ensure_workspace
from bot.slack.client import one_client, outbox_client
from tests.support.databases import POSTGRES_URL, Database
from tests.support.fakeslack import FakeSlack
from tests.support.seed_org import add_led_team, add_manager_conversation, add_report

REPLICAS = 3
DISPATCHERS = 3
TEAMS = 50
REPORTS = 9  # each lead manages nine: 50 x (1 + 9) = 500 people
LAPSING = 3  # of whom the first three lapse within the quarter; the rest meet yearly
WEEKS = 13
ZONES = ("Europe/London", "Europe/Berlin", "Europe/Helsinki")
# Monday 7 September 2026, 10:00 UTC: past the 09:00 digest hour in all three zones, all year,
# and inside their working hours; a tick a day at this hour.
START = datetime(2026, 9, 7, 10, tzinfo=UTC)
# The planners whose messages this org owes (no follow-ups or next dates are set).
PLANNERS = ("lapses", "digests")
CADENCE_DAYS = 90


def _seed(engine: Engine, fake: FakeSlack) -> dict[int, date]:
    """The org; returns each report's last conversation day, by person id."""
    joined = START - timedelta(days=400)
    last_met: dict[int, date] = {}
    with session_scope(engine) as session:
        workspace = ensure_workspace(session=session, slack_team_id="T0TEST0001", now=joined)
        assert workspace.id is not None
        # A cap of one would hold some reminders back: the figures are about duplicates.
        session.exec(update(Workspace).values(weekly_nudge_cap=LAPSING))
        for t in range(TEAMS):
            zone = ZONES[t % len(ZONES)]
            lead, team = add_led_team(session, workspace.id, t, zone=zone, now=START, joined=joined)
            fake.add_channel(f"C0TEAM{t:04d}")
            fake.add_user(lead.slack_user_id, tz=zone)
            for r in range(REPORTS):
                cadence = CADENCE_DAYS if r < LAPSING else 365
                report = add_report(session, team, lead, r, cadence_days=cadence, now=START)
                assert report.id is not None
                fake.add_user(report.slack_user_id, tz=zone)
                # Lapses fall due in the first, the fourth and the seventh week or so.
                met = (START - timedelta(days=CADENCE_DAYS - 21 * r - t % 7)).date()
                last_met[report.id] = met
                add_manager_conversation(session, report, lead, held_on=met)
    return last_met


def _all_at_once(tasks: list[Callable[[], object]]) -> None:
    """Run the tasks in threads released together; re-raise the first failure."""
    start = threading.Barrier(len(tasks))

    def released(task: Callable[[], object]) -> object:
        start.wait(timeout=30)
        return task()

    with ThreadPoolExecutor(max_workers=len(tasks)) as pool:
        for future in [pool.submit(released, task) for task in tasks]:
            future.result(timeout=120)


@pytest.mark.skipif(not POSTGRES_URL, reason="replicas share one Postgres: set TEST_DATABASE_URL")
@pytest.mark.parametrize("database", ["postgres"], indirect=True)
def test_three_replicas_and_three_dispatchers_over_a_quarter(
    database: Database, fake_slack: FakeSlack
) -> None:
    last_met = _seed(database.engine, fake_slack)
    now = START

    def clock() -> datetime:
        return now

    settings = Settings(
        database_url=database.url,
        slack_api_url=fake_slack.api_url,
        bot_token=fake_slack.bot_token,
        signing_secret="unused",
        # The figures are about duplicates across replicas; drawing 650 coverage charts took
        # most of this test's time. Charts under replicas and kills: test_planning_kills.py,
        # tests/jobs/test_digest_charts.py.
        charts=False,
    )
    engines = [make_engine(database.url) for _ in range(max(REPLICAS, DISPATCHERS))]
    try:
        replicas = [JobContext(settings, engine, clock=clock) for engine in engines[:REPLICAS]]
        planners = [job for name in PLANNERS if (job := job_named(name)) is not None]
        assert len(planners) == len(PLANNERS)
        clients = one_client(outbox_client(settings))
        for day in range(WEEKS * 7):
            now = START + timedelta(days=day)
            if now.weekday() >= 5:
                continue  # nothing falls due on a weekend: every message waits for Monday
            _all_at_once([partial(job.run, ctx) for ctx in replicas for job in planners])
            _all_at_once(
                [partial(drain, engine, clients, clock=clock) for engine in engines[:DISPATCHERS]]
            )
    finally:
        for engine in engines:
            engine.dispose()

    with Session(database.engine) as session:
        rows = {row.id: row for row in session.exec(select(Delivery))}
        people = {p.slack_user_id: p for p in session.exec(select(Person))}
    posted = Counter(
        message["metadata"]["event_payload"]["delivery_id"] for message in fake_slack.messages()
    )
    assert posted and max(posted.values()) == 1, "a message was posted twice"
    assert set(posted) == {i for i, row in rows.items() if row.state == "sent"}
    assert [r for r in rows.values() if r.state in ("leased", "dead", "unknown")] == []

    # One digest a week to each team's channel: 13 Mondays.
    digests = Counter(rows[i].recipient for i in posted if rows[i].kind == "digest")
    assert digests == {f"C0TEAM{t:04d}": WEEKS for t in range(TEAMS)}

    # One lapse DM a week for each lapsed pair, in the manager's own weeks.
    by_pair: defaultdict[tuple[str, str], Counter[tuple[int, int]]] = defaultdict(Counter)
    for i in posted:
        row = rows[i]
        if row.kind != "lapse":
            continue
        assert row.sent_at is not None
        manager = people[row.recipient]
        week = row.sent_at.astimezone(ZoneInfo(manager.tz or "UTC")).isocalendar()[:2]
        report_id = int(row.period_key.split(":", 1)[0])
        by_pair[(row.recipient, str(report_id))][(week[0], week[1])] += 1
    assert all(count == 1 for weeks in by_pair.values() for count in weeks.values())
    assert len(by_pair) == TEAMS * LAPSING  # these pairs lapsed within the quarter, no other
    end = START + timedelta(days=WEEKS * 7)
    for (_, report_id), weeks in by_pair.items():
        lapsed_on = last_met[int(report_id)] + timedelta(days=CADENCE_DAYS)
        weeks_lapsed = (end.date() - lapsed_on).days / 7
        # Each week from the lapse to the end of the quarter; the first may fall in the next.
        assert weeks_lapsed - 1.5 <= len(weeks) <= weeks_lapsed + 1, (report_id, sorted(weeks))
