"""Flows through the CLI: `org import` checks the token, then finds people in Slack;
`team set` checks its digest channel."""

from __future__ import annotations

from sqlmodel import Session, select

from bot.cli import main
from bot.models import Person, Team
from tests.support.fakeslack.fixtures import EMPLOYEE, STRANGER
from tests.support.slack_fault_flows.run import Run

CROWD = 60  # more than lookup.LOOKUP_EACH_MAX (bot.slack): the directory is read with users.list
PROFILE_FIELD = "Xf01MANAGER"


def org_file(run: Run, emails: list[str]) -> None:
    rows = "".join(f"{email},,Core\n" for email in emails)
    path = run.context["tmp"] / "org.csv"
    path.write_text("email,manager_email,team\n" + rows, encoding="utf-8")
    run.context["emails"] = emails


def small_org(run: Run) -> None:
    org_file(run, ["ada@example.com", "grace@example.com"])


def crowd_org(run: Run) -> None:
    for n in range(CROWD):
        run.server.fake.add_user(f"U0CROWD{n:04d}", email=f"crowd{n}@example.com")
    org_file(run, [f"crowd{n}@example.com" for n in range(CROWD)])


def profile_org(run: Run) -> None:
    run.context["monkeypatch"].setenv("SLACK_MANAGER_PROFILE_FIELD", PROFILE_FIELD)
    run.server.fake.grant("users.profile:read")  # the scope the feature needs
    run.server.fake.add_user(
        STRANGER, email="eve@example.com", profile_fields={PROFILE_FIELD: EMPLOYEE}
    )
    org_file(run, ["ada@example.com", "eve@example.com"])


def import_org(run: Run) -> None:
    run.context["code"] = main(["org", "import", str(run.context["tmp"] / "org.csv")])


def all_or_nothing(run: Run) -> list[str]:
    """The import either saved every row or none (one transaction), and said which."""
    emails = set(run.context["emails"])
    with Session(run.engine) as session:
        found = {p.email for p in session.exec(select(Person)).all() if p.email in emails}
    code = run.context["code"]
    if (code == 0 and found == emails) or (code == 1 and not found):
        return []
    return [f"exit {code} with {len(found)} of {len(emails)} rows saved"]


TEAM_CHANNEL = "C0TEAMCHAN1"


def team_channel(run: Run) -> None:
    run.server.fake.add_channel(TEAM_CHANNEL)


def set_team(run: Run) -> None:
    args = ["--lead", "ada@example.com", "--channel", TEAM_CHANNEL]
    run.context["code"] = main(["team", "set", "Core", *args])


def team_saved_or_not(run: Run) -> list[str]:
    """`team set` saved the team and said so, or saved nothing and said why."""
    with Session(run.engine) as session:
        saved = session.exec(select(Team).where(Team.name == "Core")).first() is not None
    code = run.context["code"]
    return [] if (code == 0) == saved and code in (0, 1) else [f"exit {code}, saved: {saved}"]
