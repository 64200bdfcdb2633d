"""The chart flow: Ada's App Home uploads her skill chart, then she erases her record, which
deletes the chart's file in Slack; a fault on files.delete must not stop or undo the erase."""

from __future__ import annotations

from sqlmodel import Session

from bot.models import Person
from tests.support import slack_requests
from tests.support.chart_world import chart_rows, warm_matplotlib
from tests.support.fakeslack.fixtures import EMPLOYEE
from tests.support.slack_fault_flows.run import Run
from tests.support.world import TEAM


def home_with_chart(run: Run) -> None:
    """Ada opens her App Home: her rated skill is drawn and uploaded."""
    warm_matplotlib()
    run.post(
        slack_requests.event_callback(
            slack_requests.app_home_opened(EMPLOYEE, team_id=TEAM), team_id=TEAM, event_id="Ev0F1"
        )
    )
    run.server.settle()
    run.server.fake.wait_for("views.publish", timeout=30)
    assert chart_rows(run.engine), "no chart was uploaded"


def erased_with_chart(run: Run) -> list[str]:
    problems = [f"chart rows left: {rows}" for rows in [chart_rows(run.engine)] if rows]
    with Session(run.engine) as session:
        ada = session.get(Person, run.world.ada)
    if ada is not None and ada.slack_user_id == EMPLOYEE:
        problems.append("Ada's record was not erased")
    return problems
