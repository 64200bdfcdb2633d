"""`career-bot org import FILE.csv`: reporting lines from a file, Slack lookups, one transaction."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from slack_sdk import WebClient
from sqlalchemy.engine import Engine

from bot.blocks.handover import question_message
from bot.cli.common import (
    CONFIG,
    OK,
    REJECTED,
    SLACK_TOKEN,
    WORKSPACE_HELP,
    Commands,
    fail,
    in_workspace,
    needs,
)
from bot.cli.org_report import first_changes, report_problem, summary, write_report
from bot.cli.progress import progress, rate_limited
from bot.clock import utcnow
from bot.config import Settings
from bot.db import session_scope
from bot.services.org import import_apply, import_csv
from bot.services.workspaces.registry import ensure_workspace
from bot.slack.accounts import SlackUser
from bot.slack.client import make_client
from bot.slack.lookup import profile_managers, require_profile_scope, resolve


def register(commands: Commands) -> None:
    org = commands.add_parser("org", help="reporting lines")
    org_commands = org.add_subparsers(required=True, metavar="ACTION")
    importing = org_commands.add_parser(
        "import",
        help="import FILE.csv (email, manager_email, team): all rows or none",
        epilog=needs(SLACK_TOKEN, "optionally SLACK_MANAGER_PROFILE_FIELD")
        + " --check needs none of them.",
    )
    importing.add_argument("file", type=Path)
    importing.add_argument(
        "--check",
        action="store_true",
        help="check the file alone, offline: no token, no database, nothing written",
    )
    importing.add_argument(
        "--dry-run", action="store_true", help="match emails in Slack and report, write nothing"
    )
    importing.add_argument(
        "--report",
        type=Path,
        metavar="PATH",
        help="also write every change to PATH as CSV (line, email, slack_user_id, change)",
    )
    importing.add_argument(
        "--partial",
        action="store_true",
        help="the file lists only some people: do not mark those missing from it as left",
    )
    importing.add_argument("--workspace", metavar="TEAM_ID", help=WORKSPACE_HELP)
    importing.set_defaults(handler=_import)


def _import(args: argparse.Namespace) -> int:
    text = _read(args.file)  # a file that can't be read fails before anything asks Slack
    if isinstance(text, int):
        return text
    if args.check:
        return _check(args.file, text)
    if args.report is not None and (problem := report_problem(args.report)):
        return fail(problem, CONFIG)
    return in_workspace(
        args.workspace,
        lambda settings, engine, team_id: import_org(
            settings,
            engine,
            args.file,
            dry_run=args.dry_run,
            partial=args.partial,
            team_id=team_id,
            report_to=args.report,
        ),
    )


def import_org(
    settings: Settings,
    engine: Engine,
    path: Path,
    *,
    dry_run: bool,
    team_id: str,
    partial: bool = False,
    report_to: Path | None = None,
) -> int:
    text = _read(path)
    if isinstance(text, int):
        return text
    rows, errors = import_csv.parse_csv(text)
    if errors:
        return _rejected(path, errors)
    client = make_client(settings, on_rate_limit=rate_limited)
    if settings.manager_profile_field:
        require_profile_scope(client)
    users = _resolve(client, import_csv.emails_to_resolve(rows), {})
    errors = import_csv.resolution_errors(rows, users)
    if not errors and settings.manager_profile_field:
        rows, errors = _with_profile_managers(client, settings.manager_profile_field, rows, users)
    if not errors:
        users = _resolve(client, import_csv.emails_to_resolve(rows), users)
        errors = import_csv.resolution_errors(rows, users)
    if errors:
        return _rejected(path, errors)
    with session_scope(engine) as session:
        workspace = ensure_workspace(session=session, slack_team_id=team_id, now=utcnow())
        report = import_apply.apply(
            session=session,
            workspace=workspace,
            rows=rows,
            users=users,
            now=utcnow(),
            ask=question_message,
            mark_left=not partial,
        )
        if dry_run:
            session.rollback()
    _print_report(report, rows=len(rows), dry_run=dry_run)
    if report_to is not None:
        lines = {row.email: row.line for row in rows}
        try:
            write_report(report_to, report, lines=lines, users=users)
        except OSError as error:
            return fail(f"--report {report_to} could not be written ({error.strerror})", CONFIG)
        print(f"The full report is in {report_to} (CSV: line, email, slack_user_id, change).")
    return OK


def _read(path: Path) -> str | int:
    """The file's text, or the exit code after one line saying why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return fail(f"{path} does not exist", CONFIG)
    except IsADirectoryError:
        return fail(f"{path} is a folder: give the path of the CSV file", CONFIG)
    except PermissionError:
        return fail(f"{path} cannot be read (permission denied)", CONFIG)
    except UnicodeDecodeError:
        return fail(f"{path} is not UTF-8 text: save it as CSV UTF-8 and try again", REJECTED)


def _check(path: Path, text: str) -> int:
    """`--check`: the rows on their own (shape, emails, duplicates, loops); Slack not asked."""
    rows, errors = import_csv.parse_csv(text)
    if errors:
        return _rejected(path, errors)
    print(
        f"{path}: {len(rows)} rows, no problems found. Nothing was written and Slack was not "
        "asked: --dry-run also matches every email to a Slack account."
    )
    return OK


def _resolve(
    client: WebClient, emails: list[str], known: dict[str, SlackUser]
) -> dict[str, SlackUser]:
    """`known` plus the Slack accounts of the emails not in it yet."""
    todo = [email for email in emails if email not in known]
    if not todo:
        return known
    with progress(len(todo), "Matching emails to Slack accounts", "emails") as bar:
        found = resolve(client, todo, progress=bar)
    return {**known, **found}


def _with_profile_managers(
    client: WebClient,
    field_id: str,
    rows: list[import_csv.Row],
    users: dict[str, SlackUser],
) -> tuple[list[import_csv.Row], list[import_csv.RowError]]:
    """Rows without a manager_email get the manager their Slack profile names, if any."""
    people = {row.email: str(users[row.email].user_id) for row in rows if row.manager_email is None}
    with progress(len(people), "Reading managers from Slack profiles", "people") as bar:
        managers = profile_managers(client, field_id, people, progress=bar)
    return import_csv.with_profile_managers(rows, managers)


def _rejected(path: Path, errors: list[import_csv.RowError]) -> int:
    print(
        f"career-bot: {path} was not imported; nothing changed. Fix these and run again:",
        file=sys.stderr,
    )
    for error in sorted(errors, key=lambda error: error.line):  # by line, file-wide ones first
        print(f"  {path.name}: {error}", file=sys.stderr)
    return REJECTED


def _print_report(report: import_apply.ImportReport, *, rows: int, dry_run: bool) -> None:
    """A summary line, then one line per person changed, in file order (a dry run: the first
    few of each kind)."""
    print(summary(report, rows=rows, dry_run=dry_run))
    shown, more = first_changes(report.rows) if dry_run else (report.rows, 0)
    for change in shown:
        print(f"  {change}")
    if more:
        print(f"  … and {more} more changes: --report PATH writes every one to a file")
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
