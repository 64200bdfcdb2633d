"""`career-bot team set NAME`: a team, its lead and its digest channel."""

from __future__ import annotations

import argparse

from sqlalchemy.engine import Engine

from bot.cli.common import (
    OK,
    REJECTED,
    SLACK_TOKEN,
    WORKSPACE_HELP,
    Commands,
    fail,
    in_workspace,
    needs,
)
from bot.clock import utcnow
from bot.config import Settings
from bot.db import session_scope
from bot.services.org import import_csv
from bot.services.org.teams import CHANNEL_ID, ensure_person
from bot.services.org.teams import set_team as save_team
from bot.services.workspaces.registry import ensure_workspace
from bot.slack.client import make_client
from bot.slack.lookup import channel_problem, lookup


def register(commands: Commands) -> None:
    team = commands.add_parser("team", help="teams and their digest channels")
    team_commands = team.add_subparsers(required=True, metavar="ACTION")
    team_set = team_commands.add_parser(
        "set", help="create or update a team", epilog=needs(SLACK_TOKEN)
    )
    team_set.add_argument("name")
    team_set.add_argument("--lead", required=True, metavar="EMAIL")
    team_set.add_argument("--channel", required=True, metavar="CHANNEL_ID")
    team_set.add_argument("--workspace", metavar="TEAM_ID", help=WORKSPACE_HELP)
    team_set.set_defaults(handler=_set)


def _set(args: argparse.Namespace) -> int:
    return in_workspace(
        args.workspace,
        lambda settings, engine, team_id: set_team(
            settings, engine, args.name, lead_email=args.lead, channel=args.channel, team_id=team_id
        ),
    )


def set_team(
    settings: Settings, engine: Engine, name: str, *, lead_email: str, channel: str, team_id: str
) -> int:
    name = name.strip()
    if not name or len(name) > import_csv.MAX_TEAM_NAME:
        return fail(f"the team name must be 1 to {import_csv.MAX_TEAM_NAME} characters", REJECTED)
    if not CHANNEL_ID.match(channel):
        return fail(
            f"--channel {channel!r} is not a channel ID: open the channel in Slack, click its "
            "name, and copy the ID at the bottom (it looks like C0123456789)",
            REJECTED,
        )
    client = make_client(settings)
    problem = channel_problem(client, channel)
    if problem:
        return fail(f"--channel {channel}: {problem}", REJECTED)
    lead = lookup(client, lead_email.strip().lower())
    if lead.problem or lead.user_id is None:
        return fail(f"--lead {lead_email}: {lead.problem}", REJECTED)
    now = utcnow()
    with session_scope(engine) as session:
        workspace = ensure_workspace(session=session, slack_team_id=team_id, now=now)
        person = ensure_person(
            session=session,
            workspace=workspace,
            slack_user_id=lead.user_id,
            email=lead_email.strip().lower(),
            tz=lead.tz,
            now=now,
        )
        _, created = save_team(
            session=session, workspace=workspace, name=name, lead=person, channel=channel
        )
    print(
        f"{'Created' if created else 'Updated'} team {name!r}: lead {lead_email}, digest "
        f"channel {channel}; the bot is in that channel and will post the digest there."
    )
    return OK
