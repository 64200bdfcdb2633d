"""App Home through signed HTTP: the dashboard, nudges and done buttons, with trust checks."""

import json
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.blocks.ids import Goals as GoalIds
from bot.blocks.ids import Home as Ids
from bot.clock import Clock
from bot.config import Settings
from bot.db import session_scope
from bot.jobs import JobContext, job_named
from bot.models import ActionItem, Conversation, Delivery, Goal, Person, Skill, SkillRating
from bot.services.org.people import person_for
from tests.support import slack_requests
from tests.support.app_server import AppServer
from tests.support.fakeslack import FakeSlack
from tests.support.fakeslack.blockkit import check_view
from tests.support.fakeslack.fixtures import EMPLOYEE, MANAGER, STRANGER

TEAM = "T0TEST0001"
BERLIN = ZoneInfo("Europe/Berlin")  # where the fake's people live
# The app's clock, pinned to a working hour (10:00 UTC, 11:00 in Berlin where the fake's people
# live) on the latest weekday: a nudge is only sent at once in its recipient's working hours.
_DAY = datetime.now(UTC).date()
_DAY -= timedelta(days=max(0, _DAY.weekday() - 4))
NOW = datetime.combine(_DAY, time(10), tzinfo=UTC)
TODAY = NOW.date()


class Pinned:
    """The app's clock, pinned at `at` (a test may move it)."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def app_clock(fake_slack: FakeSlack) -> Clock:
    clock = Pinned(NOW)
    # Slack's timestamps follow the same clock, so a look-up of a lost answer finds it.
    fake_slack.workspace.wall_clock = lambda: clock().timestamp()
    return clock


def utc(at: datetime) -> datetime:
    """A datetime read back from the database: SQLite returns it naive (in UTC)."""
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _seed(engine: Engine, *, days_ago: int = 100) -> dict[str, int]:
    """Ada reports to Grace; they last talked `days_ago` days ago; Ada owns one open item."""
    with session_scope(engine) as session:
        people = {
            user: person_for(session=session, slack_team_id=TEAM, slack_user_id=user, now=NOW)
            for user in (EMPLOYEE, MANAGER, STRANGER)
        }
        ada, grace = people[EMPLOYEE], people[MANAGER]
        ada.manager_id = grace.id
        session.add(ada)
        held = TODAY - timedelta(days=days_ago)
        conversation = Conversation(
            workspace_id=ada.workspace_id,
            employee_id=ada.id or 0,
            partner_id=grace.id or 0,
            held_on=held,
            logged_by_id=grace.id or 0,
            created_at=NOW,
            updated_at=NOW,
        )
        session.add(conversation)
        session.flush()
        item = ActionItem(
            conversation_id=conversation.id or 0,
            owner_id=ada.id or 0,
            body="Shadow an <!here> on-call week",
            due_on=TODAY,
            created_at=NOW,
        )
        session.add(item)
        session.flush()
        return {"item": item.id or 0, **{u: p.id or 0 for u, p in people.items()}}


def _open_home(app_server: AppServer, user: str, count: int = 1) -> dict[str, Any]:
    body = slack_requests.event_callback(
        slack_requests.app_home_opened(user, team_id=TEAM),
        team_id=TEAM,
        event_id=f"Ev{user}{count}",
    )
    assert app_server.post(body)[0] == 200
    return _published(app_server, user, count)


def _published(app_server: AppServer, user: str, count: int) -> dict[str, Any]:
    calls = [
        c
        for c in app_server.fake.wait_for("views.publish", count=count)
        if c.args["user_id"] == user
    ]
    assert calls, f"no Home published for {user}"
    view: dict[str, Any] = calls[-1].args["view"]
    assert check_view(view) == []
    return view


def _click(app_server: AppServer, user: str, action_id: str, value: str) -> None:
    body = slack_requests.block_actions(
        user_id=user,
        team_id=TEAM,
        action_id=action_id,
        value=value,
        trigger_id=app_server.fake.issue_trigger_id(),
        view=slack_requests.view_object("V0HOME0001", team_id=TEAM, view_type="home"),
    )
    assert app_server.post(body)[0] == 200


def test_an_employee_sees_their_cycle_and_escaped_next_steps(
    app_server: AppServer, engine: Engine
) -> None:
    _seed(engine, days_ago=100)
    text = json.dumps(_open_home(app_server, EMPLOYEE), ensure_ascii=False)
    assert f"with <@{MANAGER}>, 100 days ago" in text
    assert "10 days overdue" in text
    assert "Shadow an &lt;!here&gt; on-call week" in text and "<!here>" not in text


def test_a_manager_sees_each_report_with_status_and_can_nudge_once_a_day(
    app_server: AppServer, engine: Engine
) -> None:
    ids = _seed(engine, days_ago=100)
    text = json.dumps(_open_home(app_server, MANAGER), ensure_ascii=False)
    assert f"<@{EMPLOYEE}> · :red_circle: lapsed · 100 days since the last one" in text

    _click(app_server, MANAGER, Ids.NUDGE_REPORT, str(ids[EMPLOYEE]))
    (dm,) = app_server.fake.wait_for("chat.postMessage")
    assert dm.args["channel"] == EMPLOYEE
    assert f"<@{MANAGER}> would like to have a career conversation" in dm.args["text"]
    assert "Nudged" in json.dumps(_published(app_server, MANAGER, 2), ensure_ascii=False)

    _click(app_server, MANAGER, Ids.NUDGE_REPORT, str(ids[EMPLOYEE]))
    assert "already nudged" in json.dumps(_published(app_server, MANAGER, 3), ensure_ascii=False)
    assert len(app_server.fake.calls_to("chat.postMessage")) == 1
    with Session(engine) as session:
        (row,) = session.exec(select(Delivery)).all()
        assert (row.state, row.slack_ts) == ("sent", dm.response["ts"])


def test_nobody_can_nudge_someone_elses_report(app_server: AppServer, engine: Engine) -> None:
    ids = _seed(engine)
    _click(app_server, STRANGER, Ids.NUDGE_REPORT, str(ids[EMPLOYEE]))
    assert "isn't yours to change" in json.dumps(
        _published(app_server, STRANGER, 1), ensure_ascii=False
    )
    assert app_server.fake.calls_to("chat.postMessage") == []


def test_a_failed_nudge_can_be_tried_again(app_server: AppServer, engine: Engine) -> None:
    ids = _seed(engine)
    app_server.fake.inject("chat.postMessage", "error", error="account_inactive", times=1)
    _click(app_server, MANAGER, Ids.NUDGE_REPORT, str(ids[EMPLOYEE]))
    assert "didn't deliver" in json.dumps(_published(app_server, MANAGER, 1), ensure_ascii=False)
    _click(app_server, MANAGER, Ids.NUDGE_REPORT, str(ids[EMPLOYEE]))
    assert "Nudged" in json.dumps(_published(app_server, MANAGER, 2), ensure_ascii=False)


def _nudges_in_dm(app_server: AppServer) -> list[dict[str, Any]]:
    fake = app_server.fake
    return [
        m
        for m in fake.messages(fake.dm_channel(EMPLOYEE))
        if "would like to have a career conversation" in str(m["text"])
    ]


def _deliver(settings: Settings, engine: Engine, at: datetime) -> dict[str, int]:
    job = job_named("deliver")
    assert job is not None
    return job.run(JobContext(settings=settings, engine=engine, clock=lambda: at))


def test_a_nudge_whose_answer_was_lost_is_looked_up_and_arrives_once(
    app_server: AppServer, engine: Engine, settings: Settings
) -> None:
    ids = _seed(engine)
    # Slack posts the nudge but the answer is lost, as often as a retrying client asks.
    app_server.fake.inject("chat.postMessage", "drop_after", times=3)
    _click(app_server, MANAGER, Ids.NUDGE_REPORT, str(ids[EMPLOYEE]))
    notice = json.dumps(_published(app_server, MANAGER, 1), ensure_ascii=False)
    assert len(_nudges_in_dm(app_server)) == 1  # Slack posted it once: it was not retried
    assert "arrives once, shortly" in notice  # not "didn't deliver": it may well have
    with Session(engine) as session:
        (row,) = session.exec(select(Delivery)).all()
        assert (row.state, row.send_started_at) == ("pending", NOW)
    assert _deliver(settings, engine, NOW + timedelta(minutes=2))["found_posted"] == 1
    (nudge,) = _nudges_in_dm(app_server)
    with Session(engine) as session:
        (row,) = session.exec(select(Delivery)).all()
        assert (row.state, row.slack_ts) == ("sent", nudge["ts"])
    assert len(app_server.fake.calls_to("chat.postMessage")) == 1


def test_a_nudge_clicked_in_the_reports_evening_waits_for_their_next_working_morning(
    app_server: AppServer, engine: Engine, settings: Settings, app_clock: Pinned
) -> None:
    ids = _seed(engine)
    with session_scope(engine) as session:
        ada = session.get(Person, ids[EMPLOYEE])
        assert ada is not None
        ada.tz = "Europe/Berlin"  # as Slack's users.info tells once she has used the bot
        session.add(ada)
    evening = datetime.combine(TODAY, time(21), tzinfo=UTC)  # 22:00 or 23:00 in Berlin
    app_clock.at = evening
    _click(app_server, MANAGER, Ids.NUDGE_REPORT, str(ids[EMPLOYEE]))
    notice = json.dumps(_published(app_server, MANAGER, 1), ensure_ascii=False)
    assert "queued: it arrives at their next working morning" in notice
    assert app_server.fake.calls_to("chat.postMessage") == []
    with Session(engine) as session:
        (row,) = session.exec(select(Delivery)).all()
    morning = utc(row.not_before).astimezone(BERLIN)
    assert (morning.time(), morning.weekday() < 5, morning > evening) == (time(9), True, True)

    assert _deliver(settings, engine, utc(row.not_before) - timedelta(minutes=1))["sent"] == 0
    assert _deliver(settings, engine, utc(row.not_before))["sent"] == 1
    assert len(_nudges_in_dm(app_server)) == 1


def test_done_marks_the_owners_item_and_a_stranger_changes_nothing(
    app_server: AppServer, engine: Engine
) -> None:
    ids = _seed(engine)
    _click(app_server, STRANGER, Ids.ACTION_ITEM_DONE, str(ids["item"]))
    assert "isn't yours" in json.dumps(_published(app_server, STRANGER, 1), ensure_ascii=False)
    with Session(engine) as session:
        assert session.get(ActionItem, ids["item"]).done_at is None  # type: ignore[union-attr]

    _click(app_server, EMPLOYEE, Ids.ACTION_ITEM_DONE, str(ids["item"]))
    home = json.dumps(_published(app_server, EMPLOYEE, 2), ensure_ascii=False)
    assert "Marked done" in home and "Shadow an" not in home
    with Session(engine) as session:
        assert session.get(ActionItem, ids["item"]).done_at is not None  # type: ignore[union-attr]


def test_a_garbage_button_value_changes_nothing(app_server: AppServer, engine: Engine) -> None:
    _seed(engine)
    _click(app_server, EMPLOYEE, Ids.ACTION_ITEM_DONE, "12; DROP TABLE person")
    assert "isn't yours" in json.dumps(_published(app_server, EMPLOYEE, 1), ensure_ascii=False)


def test_a_home_with_sixty_reports_and_items_stays_valid(
    app_server: AppServer, engine: Engine, fake_slack: Any
) -> None:
    ids = _seed(engine)
    with session_scope(engine) as session:
        grace = session.get(Person, ids[MANAGER])
        assert grace is not None
        for i in range(60):
            session.add(
                Person(
                    workspace_id=grace.workspace_id,
                    slack_user_id=f"U0R{i:07d}",
                    manager_id=grace.id,
                    joined_at=NOW - timedelta(days=i * 5),
                )
            )
    view = _open_home(app_server, MANAGER)
    assert len(view["blocks"]) <= 100
    assert "more reports, most overdue first" in json.dumps(view)


def test_home_shows_goals_and_skill_trends_and_done_refreshes_it(
    app_server: AppServer, engine: Engine
) -> None:
    ids = _seed(engine)
    with session_scope(engine) as session:
        goal = Goal(
            person_id=ids[EMPLOYEE],
            title="Lead the <!channel> migration",
            experiment="Pair on the first cutover",
            horizon="short",
            target_on=TODAY + timedelta(days=60),
            created_at=NOW,
            updated_at=NOW,
        )
        skill = Skill(person_id=ids[EMPLOYEE], name="Facilitation")
        session.add_all([goal, skill])
        session.flush()
        for days_ago, rating in ((60, 3), (30, 5), (0, 7)):
            session.add(
                SkillRating(
                    skill_id=skill.id or 0,
                    rated_by_id=ids[EMPLOYEE],
                    rating=rating,
                    rated_on=TODAY - timedelta(days=days_ago),
                )
            )
        goal_id = goal.id or 0
    text = json.dumps(_open_home(app_server, EMPLOYEE), ensure_ascii=False)
    assert "Lead the &lt;!channel&gt; migration" in text and "<!channel>" not in text
    assert "Facilitation" in text and "3 → 7" in text

    _click(app_server, EMPLOYEE, GoalIds.DONE, str(goal_id))
    refreshed = json.dumps(_published(app_server, EMPLOYEE, 2), ensure_ascii=False)
    assert "Marked *Lead the &lt;!channel&gt; migration* done" in refreshed
    with Session(engine) as session:
        assert session.get(Goal, goal_id).status == "done"  # type: ignore[union-attr]


def test_home_with_sixty_goals_and_thirty_ratings_stays_valid(
    app_server: AppServer, engine: Engine
) -> None:
    ids = _seed(engine)
    with session_scope(engine) as session:
        for i in range(60):
            session.add(
                Goal(
                    person_id=ids[EMPLOYEE],
                    title=f"Goal {i} " + "x" * 140,
                    experiment="Try it",
                    horizon=("short", "medium", "long")[i % 3],
                    target_on=TODAY + timedelta(days=30 + i),
                    created_at=NOW,
                    updated_at=NOW,
                    status="active" if i % 4 else "done",
                )
            )
        for i in range(10):
            skill = Skill(person_id=ids[EMPLOYEE], name=f"Skill {i}")
            session.add(skill)
            session.flush()
            for days_ago in (0, 30, 60):
                session.add(
                    SkillRating(
                        skill_id=skill.id or 0,
                        rated_by_id=ids[EMPLOYEE],
                        rating=1 + (i + days_ago) % 10,
                        rated_on=TODAY - timedelta(days=days_ago),
                    )
                )
    view = _open_home(app_server, EMPLOYEE)  # _published checks it with the fake's rules
    text = json.dumps(view)
    assert len(view["blocks"]) <= 100
    assert "more" in text  # the goals that do not fit are counted, not dropped silently
