"""`career-bot org import` and `career-bot team set`: Slack lookups, then one transaction."""

from __future__ import annotations

import sys
from pathlib import Path

from slack_sdk import WebClient
from sqlalchemy.engine import Engine

from bot.cli import CONFIG, OK, REJECTED, progress_printer
from bot.clock import utcnow
from bot.config import Settings
from bot.db import session_scope
from bot.services import org_apply, org_import
from bot.services.teams import CHANNEL_ID, ensure_person
from bot.services.teams import set_team as save_team
from bot.services.workspaces import ensure_workspace
from bot.slack.client import make_client
from bot.slack.lookup import lookup, profile_managers, resolve


def import_org(
    settings: Settings,
    engine: Engine,
    path: Path,
    *,
    dry_run: bool,
    team_id: str,
    partial: bool = False,
) -> int:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return _fail(f"{path} does not exist", CONFIG)
    except UnicodeDecodeError:
        return _fail(f"{path} is not UTF-8 text: save it as CSV UTF-8 and try again", REJECTED)
    rows, errors = org_import.parse_csv(text)
    if errors:
        return _rejected(path, errors)
    client = make_client(settings)
    users = _resolve(client, org_import.emails_to_resolve(rows), {})
    errors = org_import.resolution_errors(rows, users)
    if not errors and settings.manager_profile_field:
        rows, errors = _with_profile_managers(client, settings.manager_profile_field, rows, users)
    if not errors:
        users = _resolve(client, org_import.emails_to_resolve(rows), users)
        errors = org_import.resolution_errors(rows, users)
    if errors:
        return _rejected(path, errors)
    with session_scope(engine) as session:
        workspace = ensure_workspace(session=session, slack_team_id=team_id, now=utcnow())
        report = org_apply.apply(
            session=session,
            workspace=workspace,
            rows=rows,
            users=users,
            now=utcnow(),
            mark_left=not partial,
        )
        if dry_run:
            session.rollback()
    _print_report(report, rows=len(rows), dry_run=dry_run)
    return OK


def _resolve(
    client: WebClient, emails: list[str], known: dict[str, org_import.SlackUser]
) -> dict[str, org_import.SlackUser]:
    """`known` plus the Slack accounts of the emails not in it yet."""
    todo = [email for email in emails if email not in known]
    if not todo:
        return known
    found = resolve(
        client, todo, progress=progress_printer(len(todo), "Matching emails to Slack accounts:")
    )
    return {**known, **found}


def _with_profile_managers(
    client: WebClient,
    field_id: str,
    rows: list[org_import.Row],
    users: dict[str, org_import.SlackUser],
) -> tuple[list[org_import.Row], list[org_import.RowError]]:
    """Rows without a manager_email get the manager their Slack profile names, if any."""
    people = {row.email: str(users[row.email].user_id) for row in rows if row.manager_email is None}
    managers = profile_managers(
        client,
        field_id,
        people,
        progress=progress_printer(len(people), "Reading managers from Slack profiles:"),
    )
    return org_import.with_profile_managers(rows, managers)


def _rejected(path: Path, errors: list[org_import.RowError]) -> int:
    print(
        f"career-bot: {path} was not imported; nothing changed. Fix these and run again:",
        file=sys.stderr,
    )
    for error in errors:
        print(f"  {path.name}: {error}", file=sys.stderr)
    return REJECTED


def _print_report(report: org_apply.ImportReport, *, rows: int, dry_run: bool) -> None:
    """A summary line, then one line per person changed, in file order."""
    verb = "Would import" if dry_run else "Imported"
    print(
        f"{verb} {rows} rows: {len(report.added)} people added, "
        f"{len(report.manager_changed)} managers changed, {len(report.team_changed)} teams "
        f"changed, {len(report.returned)} back, {len(report.left)} left, "
        f"{len(report.unchanged)} unchanged; {len(report.teams_created)} new teams."
    )
    for change in report.rows:
        print(f"  {change}")
    for name in report.teams_created:
        print(f"  new team: {name}")
    if report.left and dry_run:
        print(
            f"{len(report.left)} people an earlier import listed are not in this file and would "
            "be marked as left. If the file lists only part of the organisation, use --partial."
        )
    elif report.left:
        print(
            f"{len(report.left)} people an earlier import listed are not in this file and were "
            "marked as left; anyone a later file lists again is back."
        )
    if dry_run:
        print("Dry run: nothing was written.")


def set_team(
    settings: Settings, engine: Engine, name: str, *, lead_email: str, channel: str, team_id: str
) -> int:
    name = name.strip()
    if not name or len(name) > org_import.MAX_TEAM_NAME:
        return _fail(f"the team name must be 1 to {org_import.MAX_TEAM_NAME} characters", REJECTED)
    if not CHANNEL_ID.match(channel):
        return _fail(
            f"--channel {channel!r} is not a channel ID: open the channel in Slack, click its "
            "name, and copy the ID at the bottom (it looks like C0123456789)",
            REJECTED,
        )
    lead = lookup(make_client(settings), lead_email.strip().lower())
    if lead.problem or lead.user_id is None:
        return _fail(f"--lead {lead_email}: {lead.problem}", REJECTED)
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
        f"channel {channel}. Invite the bot to that channel (/invite @Career Conversations) "
        "so it can post the digest."
    )
    return OK


def _fail(message: str, code: int) -> int:
    print(f"career-bot: {message}", file=sys.stderr)
    return code
